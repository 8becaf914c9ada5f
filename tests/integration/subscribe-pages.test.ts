import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, PUBLIC_MODEL } from '../fixtures/public-model.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishAndServe } from '../support/published-site.ts';
import { TEST_SITE_URL } from '../support/settings.ts';
import { eachSubscriptionApp } from '../support/subscribe.ts';

interface Field {
  name: string;
  type: string;
  value: string;
  checked: boolean;
}

/** The first form of a page: where it posts, and its fields as a browser sees them. */
function formOf(html: string) {
  const form = { method: '', action: '', fields: [] as Field[], htmlLang: '' };
  let inForm = false;
  let seen = false;
  new Parser({
    onopentag(name, a) {
      if (name === 'html') form.htmlLang = a.lang ?? '';
      if (name === 'form' && !seen) {
        Object.assign(form, { method: a.method ?? '', action: a.action ?? '' });
        inForm = seen = true;
      }
      if (inForm && name === 'input')
        form.fields.push({ name: a.name ?? '', type: a.type ?? 'text', value: a.value ?? '', checked: 'checked' in a });
    },
    onclosetag(name) {
      if (name === 'form') inForm = false;
    },
  }).end(html);
  return form;
}

/** What a browser submits with nothing changed but the address typed in. */
function defaultSubmission(fields: Field[], email: string): [string, string][] {
  return fields.flatMap((f): [string, string][] => {
    if (f.type === 'email') return [[f.name, email]];
    if (f.type === 'radio' || f.type === 'checkbox') return f.checked ? [[f.name, f.value]] : [];
    return [[f.name, f.value]];
  });
}

// Needs the built site (`astro build`).
let site: Awaited<ReturnType<typeof publishAndServe>>;
beforeAll(async () => {
  site = await publishAndServe({ model: () => PUBLIC_MODEL, now: () => NOW });
});
afterAll(() => site.close());
const page = async (path: string) => {
  const res = await site.fetchRaw(path);
  expect(res.status, path).toBe(200);
  return res.body.toString('utf8');
};

describe('the subscribe pages', () => {
  it('are published in both languages, linked from every page’s subscribe section, with a plain form offering each component', async () => {
    for (const [lang, prefix] of [
      ['ja', ''],
      ['en', '/en'],
    ] as const) {
      for (const from of [`${prefix}/`, `${prefix}/history/`, `${prefix}/notices/`])
        expect(await page(from), from).toMatch(new RegExp(`<a href="${prefix}/subscribe/"[ >]`));
      const form = formOf(await page(`${prefix}/subscribe/`));
      expect(form).toMatchObject({ method: 'post', action: '/subscription/', htmlLang: lang });
      expect(form.fields.filter((f) => f.name === 'component').map((f) => f.value)).toEqual(
        PUBLIC_MODEL.components.map((c) => c.id),
      );
      // The page's own language is the one chosen unless the reader picks the other.
      expect(form.fields.find((f) => f.name === 'language' && f.checked)?.value).toBe(lang);
      expect(await page(`${prefix}/subscribe/sent/`)).toContain(`lang="${lang}"`);
    }
  });
});

describeEachDatabase('the subscribe page posted to the door', ({ database }) => {
  const door = eachSubscriptionApp(database);

  it('is accepted as a browser submits it untouched, and lands on the published "check your inbox" page', async () => {
    const form = formOf(await page('/en/subscribe/'));
    const res = await door().form(form.action, defaultSubmission(form.fields, 'browser@customer.example'));
    expect(res.status).toBe(303);
    const sent = res.headers.get('Location')!;
    expect(sent).toBe(`${TEST_SITE_URL}/en/subscribe/sent/`);
    await page(sent.slice(TEST_SITE_URL.length));
    expect(await door().subscriber('browser@customer.example')).toMatchObject({
      language: 'en',
      components: null,
      kinds: null,
    });
  });
});
