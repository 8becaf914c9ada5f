import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { siteContent } from '../../api/server/site-publisher.ts';
import type { Database } from '../../db/client.ts';
import { apiFor, json } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';
import { signUpFields, subscriptionApp } from '../support/subscribe.ts';

// Needs the built site (scripts/test.sh runs `astro build` first).
const NOW = new Date('2026-11-24T10:00:00+09:00');

/**
 * What only operators may read, each a distinct word so that a leak anywhere is found by a plain
 * search of every published byte and every anonymous answer.
 */
const PRIVATE = {
  contactEmail: 'private-contact-7f3a@customer.example',
  contactName: 'PrivateContactName7f3a',
  webhookPath: '/private-hook-path-7f3a',
  subscriber: 'private-subscriber-7f3a@customer.example',
  oldBody: 'OldTextBeforeCorrection7f3a',
  correctionReason: 'CorrectionReason7f3a',
  deletedUpdate: 'DeletedUpdateText7f3a',
  deletionReason: 'DeletionReason7f3a',
  deletedIncident: 'DeletedIncidentTitle7f3a',
};

/** shared/docs/bad-inputs.md item 10: unauthenticated reads never expose what is not published. */
describe('reads without a token (bad-inputs.md 10)', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  let store: FileStore;
  let incidentId: string;
  let deletedId: string;
  let secret: string;
  const operatorOnly: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = apiFor(database, { now: NOW, webhooks: { allowPrivate: true } });
    const component = (await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }))).id;
    const contact = await json(
      api.post('/api/v1/contacts', { email: PRIVATE.contactEmail, name: PRIVATE.contactName, language: 'ja' }),
    );
    const webhook = await json(api.post('/api/v1/webhooks', { url: `http://127.0.0.1:9${PRIVATE.webhookPath}` }));
    secret = webhook.secret;
    const door = subscriptionApp(database);
    expect((await door.form('/subscription/', signUpFields(PRIVATE.subscriber))).status).toBe(303);
    await door.service.idle();
    door.close();

    const incident = await json(
      api.post('/api/v1/incidents', {
        name: '請求書の遅延',
        body: PRIVATE.oldBody,
        components: { [component]: 'major_outage' },
      }),
    );
    incidentId = incident.id;
    const firstUpdate = incident.updates[0].id;
    const later = await json(
      api.post(`/api/v1/incidents/${incidentId}/updates`, { status: 'identified', body: PRIVATE.deletedUpdate }),
    );
    const laterId = later.updates.find((u: { body: string }) => u.body === PRIVATE.deletedUpdate).id;
    const correct = async (path: string, method: string, body: unknown) =>
      expect((await api.send(method, `/api/v1/incidents/${path}`, body)).status, path).toBeLessThan(300);
    await correct(`${incidentId}/updates/${firstUpdate}`, 'PATCH', {
      body: '調査中です',
      reason: PRIVATE.correctionReason,
    });
    await correct(`${incidentId}/updates/${laterId}`, 'DELETE', { reason: PRIVATE.deletionReason });
    deletedId = (await json(api.post('/api/v1/incidents', { name: PRIVATE.deletedIncident, body: 'テスト' }))).id;
    await correct(deletedId, 'DELETE', { reason: PRIVATE.deletionReason });

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
    operatorOnly.push(
      '/api/v1/contacts',
      `/api/v1/contacts/${contact.id}`,
      '/api/v1/webhooks',
      `/api/v1/webhooks/${webhook.id}`,
      '/api/v1/deliveries',
      `/api/v1/incidents/${incidentId}/edits`,
      `/api/v1/incidents/${deletedId}/edits`,
      '/api/v1/incidents/overdue',
      '/api/v1/publishing',
    );
  });
  afterAll(() => database?.close());

  const leaks = (text: string) => [...Object.values(PRIVATE), secret].filter((word) => text.includes(word));

  it('are refused with 401 on every operator-only read, an empty or malformed Bearer too, naming nothing private', async () => {
    for (const path of operatorOnly)
      for (const headers of [
        {},
        { Authorization: 'Bearer ' },
        { Authorization: 'Basic Og==' },
        { Cookie: 'x=1' },
      ] as Record<string, string>[]) {
        const res = await api.app.request(path, { headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(leaks(await res.text()), path).toEqual([]);
      }
  });

  it('of the public JSON show the published incident without the old text, the deleted update or the reasons', async () => {
    for (const path of [
      '/api/v1/incidents',
      `/api/v1/incidents/${incidentId}`,
      '/api/v1/components',
      '/api/v1/maintenances',
      '/api/v1/notices',
      '/api/v1/compliance',
      '/api/v1/service-levels',
    ]) {
      const res = await api.get(path);
      expect(res.status, path).toBe(200);
      expect(leaks(await res.text()), path).toEqual([]);
    }
    expect((await api.get(`/api/v1/incidents/${deletedId}`)).status).toBe(404);
  });

  it('of every published page, feed, calendar and document find nothing private', () => {
    const files = store.all();
    expect(files.length).toBeGreaterThan(20);
    const leaked = files.flatMap((f) =>
      leaks(store.peek(f.path)?.toString() ?? '').map((word) => `${f.path}: ${word}`),
    );
    expect(leaked).toEqual([]);
    expect(store.get(`/incidents/${deletedId}/`)?.status ?? 404, 'the deleted incident is not served').toBe(404);
    expect(store.peek(`/incidents/${incidentId}/`)?.toString()).toContain('調査中です');
  });
});
