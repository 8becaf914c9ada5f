import { describe, expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { openDatabase } from '../../db/client.ts';
import { apiFor, json } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { freePort } from '../support/http.ts';
import { publishAndServe } from '../support/published-site.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');

/** The answers' words are checked in English (problem+json follows Accept-Language, Japanese by default). */
const english = { 'Accept-Language': 'en' };

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  const body = await res.json();
  expect(body).toMatchObject({ status: 503, title: 'Service Unavailable' });
  expect(body.detail).toMatch(/database cannot be reached/);
}

// Needs the built site (`astro build`).
describe('a write while the database is down', () => {
  it('answers 503 with Retry-After once the embedded database is closed, and the public site keeps serving', async () => {
    const database = await openTestDatabase('pglite');
    const api = apiFor(database, { now: NOW });
    const component = await json(api.post('/api/v1/components', { name: '請求書' }));
    const model = await loadSiteModel({ db: database.db, now: NOW });
    const site = await publishAndServe({ model: () => model, now: () => NOW });
    try {
      await database.close();
      await expectUnavailable(await api.post('/api/v1/incidents', { name: '障害', body: '調査中' }, english));
      await expectUnavailable(await api.send('GET', '/api/v1/components', undefined, english));
      const page = await site.fetchRaw('/');
      expect(page.status).toBe(200);
      expect(page.body.toString()).toContain(component.name);
    } finally {
      await site.close();
    }
  });

  it('answers 503 with Retry-After when PostgreSQL refuses the connection', async () => {
    const port = await freePort();
    const database = await openDatabase({
      kind: 'postgres',
      url: `postgres://shirase@127.0.0.1:${port}/shirase`,
      timeouts: { connectMs: 2_000, statementMs: 2_000 },
    });
    try {
      await expectUnavailable(await apiFor(database).post('/api/v1/components', { name: '請求書' }, english));
    } finally {
      await database.close();
    }
  });
});
