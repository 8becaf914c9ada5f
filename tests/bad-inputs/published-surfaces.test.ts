import { XMLValidator } from 'fast-xml-parser';
import { Parser } from 'htmlparser2';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { siteContent } from '../../api/server/site-publisher.ts';
import type { Database } from '../../db/client.ts';
import { apiFor } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';

// Needs the built site (scripts/test.sh runs `astro build` first).
const NOW = new Date('2026-11-28T10:00:00+09:00');
const jst = (local: string) => `${local}+09:00`;

/** bad-inputs.md 1, 2 and 3 in one text, each piece marked so that a live copy is found by a search. */
const HOSTILE =
  '{{7*7}} ${7*7} <%= 7*7 %> {% raw %} <img src=x onerror=alert(11)> "><svg onload=alert(12)> ' +
  '" onfocus=alert(13) x=" ]]> </script><script>alert(14)</script> </title></textarea>';
const HOSTILE_BODY = `${HOSTILE}\n\n[link](javascript:alert(15)) <a href="javascript:alert(16)">a</a>`;

/**
 * What in an HTML document would run the user's script: an event-handler attribute (Shirase's own
 * pages have none: the CSP allows no inline script), a javascript: URL, the user's <img> or a
 * script holding their code. Read by an HTML parser, since "<" is harmless inside a quoted attribute.
 */
function liveMarkup(html: string): string[] {
  const found: string[] = [];
  let inScript = false;
  const parser = new Parser({
    onopentag(name, attribs) {
      inScript = name === 'script';
      for (const [attr, value] of Object.entries(attribs)) {
        if (attr.startsWith('on')) found.push(`<${name} ${attr}="${value}">`);
        if (/^\s*javascript:/i.test(value)) found.push(`<${name} ${attr}="${value}">`);
      }
      if (name === 'img' && attribs.src === 'x') found.push('<img src=x>');
    },
    ontext(text) {
      if (inScript && text.includes('alert(')) found.push(`<script>${text}`);
    },
    onclosetag() {
      inScript = false;
    },
  });
  parser.end(html);
  return found;
}
/** XML 1.0 forbids these; a feed holding one is rejected by strict readers. */
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

describe('hostile text in every field a published file shows (bad-inputs.md 1, 2 and 3)', () => {
  let database: Database;
  let store: FileStore;
  let incidentId: string;
  const files: { path: string; type: string; body: string }[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    const api = apiFor(database, { now: NOW });
    const create = async (path: string, body: unknown) => {
      const res = await api.post(path, body);
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
      return (await res.json()).id as string;
    };
    const component = await create('/api/v1/components', {
      name: HOSTILE.slice(0, 100),
      name_en: HOSTILE.slice(0, 100),
      description: HOSTILE,
    });
    incidentId = await create('/api/v1/incidents', {
      name: HOSTILE,
      name_en: HOSTILE,
      body: HOSTILE_BODY,
      body_en: HOSTILE_BODY,
      components: { [component]: 'major_outage' },
    });
    await create('/api/v1/maintenances', {
      title: HOSTILE,
      title_en: HOSTILE,
      body: HOSTILE_BODY,
      components: [component],
      scheduled_for: jst('2027-06-16T02:00:00'),
      scheduled_until: jst('2027-06-16T04:00:00'),
    });
    await create('/api/v1/notices', {
      kind: 'termination',
      title: HOSTILE,
      body: HOSTILE_BODY,
      effective_at: jst('2027-06-01T00:00:00'),
    });
    store = new FileStore();
    const publisher = createPublisher({
      limits: publishLimits,
      loadModel: (at) => loadSiteModel({ db: database.db, now: at }),
      render: await loadAstroRenderer(),
      store,
      now: () => NOW,
      ...siteContent(settingsFrom()),
    });
    await publisher.publishAll();
    for (const f of store.all())
      if (f.status === 200)
        files.push({ path: f.path, type: f.contentType, body: store.peek(f.path)?.toString() ?? '' });
  });
  afterAll(() => database?.close());

  const ofType = (pattern: RegExp) => files.filter((f) => pattern.test(f.type));

  it('shows the text on the pages as characters: no tag, handler or javascript: link of the user’s is live', () => {
    const pages = ofType(/text\/html/);
    expect(pages.length).toBeGreaterThan(10);
    const live = pages.flatMap((p) => liveMarkup(p.body).map((what) => `${p.path}: ${what}`));
    expect(live).toEqual([]);
    const incident = pages.find((p) => p.path === `/incidents/${incidentId}/`)!.body;
    expect(incident).toContain('{{7*7}} ${7*7} &lt;%= 7*7 %&gt; {% raw %} &lt;img src=x onerror=alert(11)&gt;');
  });

  it('keeps every feed, sitemap and SVG well-formed XML without a forbidden character, the text in it literal', () => {
    const xml = ofType(/xml|svg/);
    expect(xml.map((f) => f.path)).toEqual(expect.arrayContaining(['/history.atom', '/history.rss']));
    for (const f of xml) {
      expect(XMLValidator.validate(f.body), f.path).toBe(true);
      expect(f.body, f.path).not.toMatch(XML_ILLEGAL);
      expect(f.body.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''), f.path).not.toMatch(/<script>alert/);
    }
  });

  it('keeps every JSON document parseable, giving the text back exactly as typed', () => {
    const documents = ofType(/json/);
    expect(documents.length).toBeGreaterThan(3);
    for (const f of documents) expect(() => JSON.parse(f.body), f.path).not.toThrow();
    const summary = JSON.parse(files.find((f) => f.path === '/api/v2/summary.json')!.body);
    expect(summary.incidents[0].name).toBe(HOSTILE);
    expect(summary.components.map((c: { name: string }) => c.name)).toContain(HOSTILE.slice(0, 100));
  });

  it('keeps every calendar one event per maintenance, with no line the text injected', () => {
    const calendars = ofType(/text\/calendar/);
    expect(calendars.length).toBeGreaterThan(0);
    for (const f of calendars) {
      const calendar = new ICAL.Component(ICAL.parse(f.body));
      const events = calendar.getAllSubcomponents('vevent');
      expect(events.length, f.path).toBeLessThanOrEqual(1);
      for (const e of events) expect(String(e.getFirstPropertyValue('summary'))).toContain('{{7*7}}');
      expect(f.body.split('\r\n').filter((l) => /^(BEGIN|END):VEVENT/.test(l)).length, f.path).toBe(2 * events.length);
    }
    expect(calendars.some((f) => f.body.includes('BEGIN:VEVENT'))).toBe(true);
  });
});
