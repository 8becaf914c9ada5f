import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, PUBLIC_MODEL } from '../fixtures/public-model.ts';
import { apiFor } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishAndServe } from '../support/published-site.ts';

describeEachDatabase('headers on every /api/v1 answer', ({ database }) => {
  it('marks every operator API answer, errors included, as not to be cached, sniffed or referred', async () => {
    const api = apiFor(database());
    const answers = {
      'a read': await api.get('/api/v1/components'),
      'a write': await api.post('/api/v1/components', { name: '請求書' }),
      'a refused body': await api.post('/api/v1/components', { name: '' }),
      'no token': await api.app.request('/api/v1/components', { method: 'POST' }),
      'an unknown path': await api.get('/api/v1/nothing-here'),
      'a wrong method': await api.send('DELETE', '/api/v1/components'),
      'the OpenAPI document': await api.get('/api/v1/openapi.json'),
    };
    expect(Object.values(answers).map((r) => r.status)).toEqual([200, 201, 422, 401, 404, 405, 200]);
    for (const [what, res] of Object.entries(answers)) {
      expect(res.headers.get('Cache-Control'), what).toBe('no-store');
      expect(res.headers.get('X-Content-Type-Options'), what).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy'), what).toBe('no-referrer');
    }
  });
});

// Needs the built site (`astro build`).
describe('the badge served on its own', () => {
  let site: Awaited<ReturnType<typeof publishAndServe>>;
  beforeAll(async () => {
    site = await publishAndServe({ model: () => PUBLIC_MODEL, now: () => NOW });
  });
  afterAll(() => site.close());

  it('is an SVG that may style itself and load or run nothing, when a browser opens it as a document', async () => {
    for (const path of ['/badge.svg', '/en/badge.svg']) {
      const res = await site.fetchRaw(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-security-policy'], path).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *",
      );
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });
});
