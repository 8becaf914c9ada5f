import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildBadgeSvg } from '../../../api/publish/formats/badge/index.ts';
import { INDICATORS, LANGS, type Indicator } from '../../../api/core/vocab.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
});
const parse = (svg: string) => {
  expect(XMLValidator.validate(svg)).toBe(true);
  return parser.parse(svg).svg;
};

describe('the status badge', () => {
  for (const lang of LANGS) {
    for (const indicator of INDICATORS) {
      it(`is a well-formed, accessible SVG for ${indicator} in ${lang}`, () => {
        const svg = parse(buildBadgeSvg(indicator, lang));
        expect(svg['@_xmlns']).toBe('http://www.w3.org/2000/svg');
        expect(svg['@_role']).toBe('img');
        expect(svg['@_lang']).toBe(lang);
        expect(svg.title).toBe(svg['@_aria-label']);
        expect(svg.title.length).toBeGreaterThan(3);
      });
    }
  }

  it('says the state in words in the chosen language', () => {
    expect(parse(buildBadgeSvg('none', 'ja')).title).toBe('ステータス: すべて正常');
    expect(parse(buildBadgeSvg('critical', 'en')).title).toBe('status: major outage');
    expect(parse(buildBadgeSvg('maintenance', 'ja')).title).toBe('ステータス: メンテナンス中');
  });

  it('gives each state its own colour', () => {
    const colours = INDICATORS.map((i) => parse(buildBadgeSvg(i, 'en')).rect[1]['@_fill']);
    expect(new Set(colours).size).toBe(INDICATORS.length);
  });

  it('refers to nothing outside itself and runs nothing', () => {
    for (const lang of LANGS) {
      for (const indicator of INDICATORS) {
        const svg = buildBadgeSvg(indicator, lang);
        expect(svg).not.toMatch(/href|<script|<image|<foreignObject|url\(|@import|\bon[a-z]+=/i);
      }
    }
  });

  it('shows a hostile custom label as text, keeping the SVG well-formed and inert', () => {
    const label = '</title><b>x</b>" onload="x ]]>{{1}}\u0001'; // within the 40-character cut
    const raw = buildBadgeSvg('minor', 'en', { label });
    expect(raw).not.toMatch(/<b>|onload="/);
    expect(raw.match(/<\/title>/g)).toHaveLength(1);
    const svg = parse(raw);
    const decode = (s: string) =>
      s.replace(
        /&(lt|gt|quot|#39|amp);/g,
        (_e, n: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[n]!,
      );
    expect(decode(svg.title)).toBe(`${label.replace('\u0001', '')}: minor outage`);
    expect(decode(svg.g.text[0]['#text'])).toBe(label.replace('\u0001', ''));
  });

  it('cuts a long custom label to 40 characters', () => {
    const svg = parse(buildBadgeSvg('none', 'ja', { label: '請'.repeat(60) }));
    expect(svg.g.text[0]['#text']).toBe('請'.repeat(40));
  });

  it('grows to fit a longer message so text never overflows its box', () => {
    const width = (i: Indicator) => Number(parse(buildBadgeSvg(i, 'en'))['@_width']);
    expect(width('critical')).toBeGreaterThan(width('none'));
    const svg = parse(buildBadgeSvg('critical', 'en'));
    const [, message] = svg.rect;
    expect(Number(svg.g.text[1]['@_textLength'])).toBeLessThan(Number(message['@_width']));
  });

  it('refuses an indicator it does not know rather than drawing a wrong state', () => {
    expect(() => buildBadgeSvg('broken' as Indicator, 'en')).toThrow(RangeError);
  });
});
