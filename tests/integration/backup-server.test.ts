import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setClock } from '../support/clock.ts';
import { waitFor } from '../support/http.ts';
import { startServer } from '../support/server.ts';
import { parseMetrics } from './metrics-parse.ts';
import { dumpBlob } from '../../db/client.ts';

// The production entry with DATA_DIR on disk and a test clock; needs the built site (`astro build`).
describe('the daily backup on the real server', () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  const text = async () => (await fetch(`${server.url}/metrics`)).text();
  const metrics = async () => parseMetrics(await text());

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shirase-backup-server-'));
    // The migrated database put on disk from the suite's dump: the server's own initdb takes 15-20 s on a busy machine.
    const { PGlite } = await import('@electric-sql/pglite');
    const seeded = await PGlite.create(path.join(dataDir, 'pglite'), {
      loadDataDir: dumpBlob(inject('pgliteDump')),
    });
    await seeded.close();
    // A Tuesday: the standing window is on the third Wednesday.
    server = await startServer({ DATA_DIR: dataDir }, { clock: '2026-12-01T02:50:00+09:00' });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('is made at 03:00 Japan time into DATA_DIR/backups on the server’s own database, and /metrics reports it', async () => {
    expect(server.output()).toContain('backup: daily at 03:00 JST into');
    const before = await text();
    expect(parseMetrics(before).value('shirase_backup_generations')).toBe(0);
    expect(before).toMatch(/^shirase_backup_age_seconds \+Inf$/m);
    await setClock(server.url, '2026-12-01T03:00:30+09:00');
    expect(await readdir(path.join(dataDir, 'backups'))).toEqual(['shirase-backup-20261130T180030Z.jsonl.gz']);
    const after = await waitFor(async () => {
      const m = await metrics();
      expect(m.value('shirase_backup_generations')).toBe(1);
      return m;
    });
    expect(after.value('shirase_backup_failures_total')).toBe(0);
    // The test clock runs on at real speed from 03:00:30.
    expect(after.value('shirase_backup_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(after.value('shirase_backup_age_seconds')).toBeLessThan(60);
  }, 40_000);
});
