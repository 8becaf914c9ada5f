import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_TOKEN, startServer } from '../support/server.ts';
import { startS3 } from './mirror-s3-server.ts';

const SECRET = 'S3RVER';

describe('the server with a mirror configured', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('copies what it publishes into the bucket, a write included, without logging the secret', async () => {
    const server = await startServer({
      MIRROR_S3_URL: `s3://${SECRET}:${SECRET}@site/dr?endpoint=${s3.endpoint}&path_style=1`,
    });
    try {
      await expect.poll(() => s3.keys('dr/'), { timeout: 30_000 }).toContain('dr/index.html');
      const created = await fetch(`${server.url}/api/v1/incidents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${E2E_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'ミラーの確認', body: '調査中です', components: {} }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const { id } = (await created.json()) as { id: string };
      await expect
        .poll(() => s3.keys(`dr/incidents/${id}/`), { timeout: 30_000 })
        .toEqual([
          `dr/incidents/${id}/index.html`,
          `dr/incidents/${id}/index.html.br`,
          `dr/incidents/${id}/index.html.gz`,
        ]);
      const page = await s3.get(`dr/incidents/${id}/index.html`);
      expect(page.body.toString()).toContain('ミラーの確認');
      expect(server.output()).toContain('mirror: copying each publish to s3://site/dr at http://127.0.0.1:');
      expect(server.output()).not.toContain(SECRET);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
