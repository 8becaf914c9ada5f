import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer, type RenderFn } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';
import { within } from '../../api/core/time-limit.ts';

const jst = (s: string) => new Date(`${s}+09:00`);

/**
 * Texts that once stopped publishing for good (issue 8): each overflowed the Markdown parser's
 * stack inside a page render, well within the 20,000-character body limit.
 */
const NESTED = {
  'deeply nested quotes': `${'>'.repeat(3000)} 深い引用`,
  'a deeply nested ordered list': `${'1. '.repeat(2500)}深い番号付きリスト`,
  'deeply nested emphasis': `${'*'.repeat(2600)}深い強調${'*'.repeat(2600)}`,
} as const;

/** How long a publish may take here before the test calls it stuck (a normal one takes well under a second). */
const PUBLISH_LIMIT_MS = 20_000;

function settlesWithin<T>(promise: Promise<T>, what: string): Promise<T> {
  return within(promise, PUBLISH_LIMIT_MS, () => new Error(`${what} did not finish within ${PUBLISH_LIMIT_MS} ms`));
}

// Needs the built site (scripts/test.sh runs `astro build` first).
describeEachDatabase('publishing whatever text an operator posted', ({ database }) => {
  let render: RenderFn;
  beforeAll(async () => {
    render = await loadAstroRenderer();
  });

  async function setUp() {
    const now = jst('2026-11-28T10:00:00');
    const settings = settingsFrom();
    const api = apiFor(database(), { now, settings });
    const store = new FileStore();
    const log: string[] = [];
    const publisher = createPublisher({
      limits: publishLimits,
      loadModel: (at) => loadSiteModel({ db: database().db, now: at }),
      render,
      store,
      settings,
      now: () => now,
      log: (line) => log.push(line),
    });
    const component = (await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' })))
      .id as string;
    await settlesWithin(publisher.publishAll(), 'the first publish');
    const flush = async (what: string) => {
      for (const change of api.changes.splice(0)) publisher.notify(change);
      await settlesWithin(publisher.idle(), what);
    };
    const text = (path: string) => store.peek(path)?.toString() ?? `(nothing published at ${path})`;

    /** A later, ordinary incident: it must reach the home page whatever happened before it. */
    async function laterIncidentIsPublished() {
      const later = await api.post('/api/v1/incidents', {
        name: '後から起きた障害',
        name_en: 'A later incident',
        body: '調査中です。',
        components: { [component]: 'major_outage' },
      });
      expect(later.status).toBe(201);
      await flush('the publish after a later incident');
      expect(text('/')).toContain('後から起きた障害');
      expect(text('/en/')).toContain('A later incident');
    }
    return { api, publisher, component, flush, text, log, laterIncidentIsPublished };
  }

  type Setup = Awaited<ReturnType<typeof setUp>>;

  /** Where an operator's Markdown goes in: each posts `body` and names the page that shows it. */
  const SURFACES: Record<string, (s: Setup, body: string) => Promise<{ res: Response; page: () => Promise<string> }>> =
    {
      'an incident body': async ({ api, component }, body) => {
        const res = await api.post('/api/v1/incidents', {
          name: '深い入れ子',
          body,
          components: { [component]: 'degraded_performance' },
        });
        return { res, page: async () => `/incidents/${(await res.clone().json()).id}/` };
      },
      'an incident update body': async ({ api }, body) => {
        const incident = await json(api.post('/api/v1/incidents', { name: '深い入れ子', body: '調査中です。' }));
        const res = await api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'identified', body });
        return { res, page: async () => `/incidents/${incident.id}/` };
      },
      'a maintenance body': async ({ api, component }, body) => {
        const res = await api.post('/api/v1/maintenances', {
          title: '深い入れ子',
          body,
          components: [component],
          scheduled_for: '2027-06-16T02:00:00+09:00',
          scheduled_until: '2027-06-16T04:00:00+09:00',
        });
        return { res, page: async () => `/maintenance/${(await res.clone().json()).id}/` };
      },
      'a notice body': async ({ api }, body) => {
        const res = await api.post('/api/v1/notices', {
          kind: 'termination',
          title: '深い入れ子',
          body,
          effective_at: '2027-06-01T00:00:00+09:00',
        });
        return { res, page: async () => `/notices/${(await res.clone().json()).id}/` };
      },
    };

  for (const [surface, post] of Object.entries(SURFACES)) {
    for (const [kind, body] of Object.entries(NESTED)) {
      it(`${surface} of ${kind} is refused with a 422 naming the field or published safely, and a later incident is still published`, async () => {
        const s = await setUp();
        const { res, page } = await post(s, body);
        if (res.status === 422) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          const problem = await res.json();
          expect(problem.errors.map((e: { field: string }) => e.field)).toContain('body');
        } else {
          expect(res.status).toBe(201);
          await s.flush(`the publish after ${surface}`);
          const html = s.text(await page());
          expect(html).toContain('深い入れ子');
          expect(html).not.toContain('Internal server error');
        }
        await s.laterIncidentIsPublished();
      });
    }
  }

  it('publishes the rest of the site, and the stored page itself, when a text already in the database nests too deeply', async () => {
    const s = await setUp();
    const incident = await json(
      s.api.post('/api/v1/incidents', { name: '以前に保存された本文', body: '調査中です。' }),
    );
    // As if stored before the input limit existed: straight into the table, past the API.
    await database().db.execute(
      sql`UPDATE incident_updates SET body = ${NESTED['deeply nested quotes']} WHERE incident_id = ${incident.id}`,
    );
    await s.flush('the publish after a stored deep text');
    const html = s.text(`/incidents/${incident.id}/`);
    expect(html).toContain('以前に保存された本文');
    expect(html).toContain('深い引用');
    await s.laterIncidentIsPublished();
  });
});
