import { describe, expect, it } from 'vitest';
import { buildFeeds, stripXmlIllegal } from '../../../api/publish/formats/feeds/index.ts';
import type { IncidentView, SiteModel } from '../../../api/core/model.ts';
import { LANGS } from '../../../api/core/vocab.ts';
import { HOSTILE, MODEL, RESOLVED } from '../statuspage/fixture.ts';
import { decodeHtmlText, parseXml, SITE, tagsIn, textOf, type Node } from './helpers.ts';

/** Titles a reader must see exactly as typed (after control characters are dropped). */
const TITLES = [
  HOSTILE.template,
  HOSTILE.html,
  '<svg onload=alert(1)>',
  HOSTILE.attribute,
  HOSTILE.link,
  ']]>',
  'one ]]> two ]]> three ]]><script>alert(1)</script>',
  '</script><script>alert(1)</script>',
  'AT&T &amp; &lt;literal entities&gt; &#x3C;',
  '{% raw %} @php echo 1; @endphp',
];
const CONTROL_TITLE = `制御文字${HOSTILE.control}\uD800\uFFFE`;

const BODY = `${HOSTILE.html}\n${HOSTILE.cdata}\n\n${HOSTILE.link} ${HOSTILE.template} ${HOSTILE.control}`;

function hostileModel(): SiteModel {
  const incidents: IncidentView[] = [...TITLES, CONTROL_TITLE].map((name, n) => ({
    ...RESOLVED,
    id: `inc_hostile_${n}`,
    name,
    nameEn: name,
    createdAt: new Date(Date.UTC(2026, 10, 1, 0, n)),
    updates: RESOLVED.updates.map((u, k) => ({
      ...u,
      id: `upd_hostile_${n}_${k}`,
      incidentId: `inc_hostile_${n}`,
      createdAt: new Date(Date.UTC(2026, 10, 1, 0, n, 59 - k)),
      body: BODY,
      bodyEn: k === 0 ? BODY : null,
    })),
  }));
  return { ...MODEL, incidents };
}

const expectedTitle = (n: number) => (n < TITLES.length ? TITLES[n]! : '制御文字beforeafter');
const indexOf = (id: string) => Number(/inc_hostile_(\d+)\/$/.exec(id)![1]);
/** What Shirase itself writes into content, and the markdown a body may render to; never a user's raw tag. */
const RENDERED_TAGS = ['a', 'br', 'code', 'em', 'p', 'small', 'strong'];

describe.each(LANGS)('feeds in %s with hostile text in every title and body', (lang) => {
  const model = hostileModel();
  const feeds = buildFeeds({ model, site: SITE, lang });

  it('stay well-formed XML and contain no character XML forbids', () => {
    parseXml(feeds.rss);
    parseXml(feeds.atom);
    expect(feeds.json).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('never carry a live script or image tag anywhere in the bytes', () => {
    for (const out of [feeds.rss, feeds.atom]) {
      expect(out).not.toMatch(/<script|<img|<svg/i);
    }
    expect(feeds.json).not.toMatch(/<script|<img|<svg/i);
  });

  it('give RSS readers every title back literally, as plain text', () => {
    const items: Node[] = parseXml(feeds.rss).rss.channel.item;
    expect(items).toHaveLength(TITLES.length + 1);
    for (const item of items) expect(textOf(item.title)).toBe(expectedTitle(indexOf(textOf(item.guid))));
  });

  it('give Atom readers every title back literally once its HTML is read', () => {
    const entries: Node[] = parseXml(feeds.atom).feed.entry;
    expect(entries).toHaveLength(TITLES.length + 1);
    for (const entry of entries) {
      expect(entry.title['@_type']).toBe('html');
      expect(decodeHtmlText(textOf(entry.title))).toBe(expectedTitle(indexOf(textOf(entry.id))));
    }
  });

  it('give JSON Feed readers every title back literally', () => {
    const items: Node[] = JSON.parse(feeds.json).items;
    for (const item of items) expect(item.title).toBe(expectedTitle(indexOf(item.id)));
  });

  it('render bodies through the sanitizer: the raw markup arrives as characters and the javascript: link loses its target', () => {
    const rssHtml: string[] = parseXml(feeds.rss).rss.channel.item.map((i: Node) => textOf(i.description));
    const atomHtml: string[] = parseXml(feeds.atom).feed.entry.map((e: Node) => textOf(e.content));
    const jsonHtml: string[] = JSON.parse(feeds.json).items.map((i: Node) => i.content_html);
    for (const html of [...rssHtml, ...atomHtml, ...jsonHtml]) {
      for (const tag of tagsIn(html)) expect(RENDERED_TAGS).toContain(tag);
      expect(html).not.toMatch(/href|onerror=alert\(1\)>|javascript:/);
      const shown = decodeHtmlText(html.replace(/<[^>]+>/g, ''));
      expect(shown).toContain(HOSTILE.html);
      expect(shown).toContain('</script><script>alert(1)</script>');
      expect(shown).toContain('<%= 7*7 %>'); // template syntax is text, never evaluated
      expect(shown).toContain('beforeafter');
    }
  });

  it('give JSON Feed readers the bodies as plain text with the markup as characters and no javascript: link', () => {
    for (const item of JSON.parse(feeds.json).items as Node[]) {
      for (const text of [item.content_text as string, item.summary as string]) {
        expect(text).not.toMatch(/javascript:/);
        expect(text).toContain('beforeafter');
      }
      expect(item.content_text).toContain(HOSTILE.html);
      expect(item.content_text).toContain('</script><script>alert(1)</script>');
    }
  });
});

describe('a component feed with a hostile component name', () => {
  it('keeps the feed title literal and the document well-formed', () => {
    const name = `請求書 ]]> ]]> <script>alert(1)</script> &amp; ${HOSTILE.control}`;
    const model = { ...MODEL, components: MODEL.components.map((c) => (c.id === 'cmp_invoice' ? { ...c, name } : c)) };
    const feeds = buildFeeds({ model, site: SITE, lang: 'ja', componentId: 'cmp_invoice' });
    const stripped = name.replace(/[\u0000-\u001F]/g, '');
    expect(textOf(parseXml(feeds.rss).rss.channel.title)).toContain(stripped);
    expect(textOf(parseXml(feeds.atom).feed.title)).toContain(stripped);
    expect(JSON.parse(feeds.json).title).toContain(stripped);
  });
});

describe('the text every feed value passes through', () => {
  it('drops exactly the characters XML 1.0 forbids, keeping tabs, line breaks and emoji', () => {
    expect(stripXmlIllegal('a\u0000\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uDFFF\uD800b')).toBe('ab');
    expect(stripXmlIllegal('tab\tlf\ncr\r 🚨 障害 \u007F')).toBe('tab\tlf\ncr\r 🚨 障害 \u007F');
  });
});
