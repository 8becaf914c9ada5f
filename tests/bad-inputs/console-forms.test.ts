import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { listAudit } from '../../api/operators/audit.ts';
import { apiFor, json } from '../support/api.ts';
import { type CookieJar, createSignedIn, getPage, postForm } from '../support/console.ts';
import { openTestDatabase } from '../support/db.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');
const MAX_PAGES = 60;

interface Form {
  page: string;
  action: string;
  fields: [string, string][];
}

/** The POST forms of a console page, each with its fields' names and values as the page fills them. */
function formsIn(page: string, html: string): { forms: Form[]; links: string[] } {
  const forms: Form[] = [];
  const links: string[] = [];
  let current: Form | null = null;
  let select: string | null = null;
  let textarea: string | null = null;
  const parser = new Parser({
    onopentag(name, a) {
      if (name === 'a' && a.href) links.push(a.href);
      if (name === 'form' && (a.method ?? '').toLowerCase() === 'post') {
        current = { page, action: a.action || page, fields: [] };
        forms.push(current);
      }
      if (!current) return;
      if (name === 'input' && a.name && !['submit', 'button'].includes(a.type ?? '')) {
        if (!['checkbox', 'radio'].includes(a.type ?? '') || 'checked' in a)
          current.fields.push([a.name, a.value ?? '']);
      }
      if (name === 'button' && a.name) current.fields.push([a.name, a.value ?? '']);
      if (name === 'select' && a.name) select = a.name;
      if (name === 'option' && select && ('selected' in a || !current.fields.some(([k]) => k === select)))
        current.fields.push([select, a.value ?? '']);
      if (name === 'textarea' && a.name) {
        textarea = a.name;
        current.fields.push([a.name, '']);
      }
    },
    ontext(text) {
      if (current && textarea) {
        const field = current.fields.findLast(([k]) => k === textarea);
        if (field) field[1] += text;
      }
    },
    onclosetag(name) {
      if (name === 'form') current = null;
      if (name === 'select') select = null;
      if (name === 'textarea') textarea = null;
    },
  });
  parser.end(html);
  return { forms, links };
}

/**
 * bad-inputs.md 3 and 5 on every console form: each POST form an admin reaches is sent with every
 * field doubled (an array where one value belongs), with bracketed and operator-shaped names, with
 * control characters, and with nothing but its form token. The console must answer each with a page,
 * never a 500 or a stack trace.
 */
describe('every console form given the wrong shapes (bad-inputs.md 3 and 5)', () => {
  let database: Database;
  let app: ReturnType<typeof apiFor>['app'];
  let jar: CookieJar;
  let csrf: string;
  const forms: Form[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    const api = apiFor(database, { now: NOW, webhooks: { allowPrivate: true } });
    app = api.app;
    const component = (await json(api.post('/api/v1/components', { name: '請求書' }))).id;
    await api.post('/api/v1/incidents', { name: '遅延', body: '調査中', components: { [component]: 'major_outage' } });
    await api.post('/api/v1/maintenances', {
      title: '定期',
      body: '作業',
      components: [component],
      scheduled_for: '2027-06-16T02:00:00+09:00',
      scheduled_until: '2027-06-16T04:00:00+09:00',
    });
    await api.post('/api/v1/notices', {
      kind: 'termination',
      title: '終了',
      body: 'x',
      effective_at: '2027-06-01T00:00:00+09:00',
    });
    await api.post('/api/v1/contacts', { email: 'c@customer.example', language: 'ja' });
    await api.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
    ({ jar, csrf } = await createSignedIn({ app, db: database.db, now: NOW }, { role: 'admin' }));
    const seen = new Set<string>();
    const queue = ['/admin/'];
    while (queue.length > 0 && seen.size < MAX_PAGES) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await getPage(app, path, jar);
      if (res.status !== 200) continue;
      const found = formsIn(path, await res.text());
      forms.push(...found.forms);
      for (const href of found.links) {
        const url = new URL(href, 'http://console.test');
        if (url.origin === 'http://console.test' && /^\/admin\//.test(url.pathname))
          queue.push(url.pathname + url.search);
      }
    }
  }, 60_000);
  afterAll(() => database?.close());

  it('answers every form with a page, never a 500, however its fields are shaped', async () => {
    const actions = new Map<string, Form>();
    for (const f of forms) if (!/\/logout$/.test(f.action) && !actions.has(f.action)) actions.set(f.action, f);
    expect(actions.size).toBeGreaterThan(15);
    const failures: string[] = [];
    for (const form of actions.values()) {
      const own = form.fields.filter(([k]) => k !== '_csrf');
      const variants: [string, Record<string, string | string[]>][] = [
        ['doubled', Object.fromEntries(own.map(([k, v]) => [k, [v, `${v}x`]]))],
        [
          'bracketed',
          Object.fromEntries(
            own.flatMap(([k, v]) => [
              [`${k}[]`, v],
              [`${k}[$ne]`, '1'],
            ]),
          ),
        ],
        ['control', Object.fromEntries(own.map(([k]) => [k, 'a\u0000b\r\nX-Injected: 1\u0007']))],
        ['empty', {}],
      ];
      for (const [what, fields] of variants) {
        const res = await postForm(app, form.action, { ...fields, _csrf: csrf }, jar);
        const body = await res.text();
        if (res.status >= 500 || /at .*\.ts:\d+|node_modules/.test(body))
          failures.push(`${what} POST ${form.action} (from ${form.page}): ${res.status}`);
        if (res.headers.get('x-injected')) failures.push(`${what} POST ${form.action}: header injected`);
      }
    }
    expect(failures).toEqual([]);
    // Still signed in: every form above reached its handler, none was turned away at the door.
    expect((await getPage(app, '/admin/account', jar)).status).toBe(200);
  });
  it('refuses a form whose one-value field arrives twice with 400, and nothing is written', async () => {
    const lists = new Set(['components', 'scopes']);
    const auditRows = async () => (await listAudit(database.db, { limit: 500 })).length;
    const before = await auditRows();
    const accepted: string[] = [];
    let tried = 0;
    for (const form of new Map(forms.map((f) => [f.action, f])).values()) {
      const own = form.fields.filter(([k]) => k !== '_csrf' && !lists.has(k));
      if (/\/logout$/.test(form.action) || own.length === 0) continue;
      tried++;
      const doubled = Object.fromEntries(own.map(([k, v]) => [k, [v, v]]));
      const res = await postForm(app, form.action, { ...doubled, _csrf: csrf }, jar);
      if (res.status !== 400) accepted.push(`POST ${form.action}: ${res.status}`);
    }
    expect(tried).toBeGreaterThan(15);
    expect(accepted).toEqual([]);
    expect(await auditRows()).toBe(before);
  });
});
