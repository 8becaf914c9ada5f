import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { operatorApi } from '../support/http.ts';
import { runServerToExit, startServer } from '../support/server.ts';

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

const incident = { name: '二重起動の確認', name_en: 'Two processes check', body: '確認中です。', components: {} };

/** Each test starts two servers on an embedded database, each start taking seconds on a busy machine. */
const TWO_STARTS_MS = 90_000;

describe('one process at a time on an embedded database folder', { timeout: TWO_STARTS_MS }, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'shirase-lock-'));
  const running: Awaited<ReturnType<typeof startServer>>[] = [];
  const start = async (dataDir: string) => {
    const server = await startServer({ DATA_DIR: dataDir });
    running.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses a second server on the same DATA_DIR with a sentence naming the folder and the holder’s pid, while the first keeps serving', async () => {
    const dataDir = path.join(work, 'twice');
    const first = await start(dataDir);

    const second = await runServerToExit({ DATA_DIR: dataDir, SITE_URL: 'http://localhost:1' });

    expect(second.code, second.output).not.toBe(0);
    // The published output's folder is opened (and locked) first, before the database's.
    expect(second.output).toContain(`${path.join(dataDir, 'site')} is in use by process ${first.child.pid} on`);
    expect(second.output).not.toContain('Shirase is serving');
    const api = operatorApi(first.url);
    const created = await api.create('/api/v1/incidents', incident);
    expect((await api.get(`/api/v1/incidents/${created.id}`)).status).toBe(200);
    expect(first.child.exitCode).toBeNull();
  });

  it('takes over the lock of a server killed with SIGKILL, and finds its acknowledged writes', async () => {
    const dataDir = path.join(work, 'killed');
    const first = await start(dataDir);
    const created = await operatorApi(first.url).create('/api/v1/incidents', incident);
    running.splice(running.indexOf(first), 1);
    first.child.kill('SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');
    // The killed process could not remove its lock: the next one must see that it is stale.
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(true);

    const next = await start(dataDir);

    expect((await operatorApi(next.url).get(`/api/v1/incidents/${created.id}`)).status).toBe(200);
  });

  it('ends on SIGTERM with exit code 0 and removes its lock, and the folder opens again with its data', async () => {
    const dataDir = path.join(work, 'terminated');
    const first = await start(dataDir);
    const created = await operatorApi(first.url).create('/api/v1/incidents', incident);

    first.child.kill('SIGTERM');

    expect(await exited(first.child)).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
    const next = await start(dataDir);
    expect((await operatorApi(next.url).get(`/api/v1/incidents/${created.id}`)).status).toBe(200);
  });
});
