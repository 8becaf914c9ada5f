import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { operatorApi } from '../support/http.ts';
import { startServer } from '../support/server.ts';

/** Once stopped publishing for good, and kept a restarted server from ever listening (issue 8). */
const NESTED_QUOTES = `${'>'.repeat(3000)} 深い引用`;

describe('a server restarted on data holding a text that once broke publishing', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'shirase-restart-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('listens, publishes every page (that text’s too) and reports no failing route', async () => {
    const dataDir = path.join(work, 'data');
    const first = await startServer({ DATA_DIR: dataDir });
    const created = await operatorApi(first.url).create('/api/v1/incidents', {
      name: '以前に保存された本文',
      body: '調査中です。',
      components: {},
    });
    await first.stop();

    // As it was stored before bodies were checked for nesting: straight into the table.
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    await database.db.execute(
      sql`UPDATE incident_updates SET body = ${NESTED_QUOTES} WHERE incident_id = ${created.id}`,
    );
    await database.close();

    const second = await startServer({ DATA_DIR: dataDir });
    try {
      const page = await fetch(`${second.url}/incidents/${created.id}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('以前に保存された本文');
      expect(html).toContain('深い引用');
      expect(await (await fetch(`${second.url}/`)).text()).toContain('以前に保存された本文');
      const status = await operatorApi(second.url).get('/api/v1/publishing');
      expect(status.body).toMatchObject({ last_publish: { outcome: 'published' }, failing: [] });
    } finally {
      await second.stop();
    }
    // Two starts and two whole publishes: ~25 s alone on a machine whose second core is shared.
  }, 60_000);
});
