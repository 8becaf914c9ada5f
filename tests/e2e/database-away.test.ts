import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIncident } from '../../api/core/commands/create-incident.ts';
import { openDatabase } from '../../db/client.ts';
import { withDatabase } from '../support/global-setup.ts';
import { E2E_TOKEN, freePort, operatorApi, waitFor, waitForText } from '../support/http.ts';
import { startServer } from '../support/server.ts';
import { tcpProxy } from '../support/tcp-proxy.ts';

type Started = Awaited<ReturnType<typeof startServer>>;

const incident = (name: string) => ({ name, name_en: name, body: '確認中です。', components: {} });

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

async function health(base: string) {
  const res = await fetch(`${base}/api/v1/health`);
  return { status: res.status, retryAfter: res.headers.get('Retry-After'), body: await res.json() };
}

/** A write the server could not carry out: 503 problem+json that says when to try again. */
async function expectRefusedForNow(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  expect(await res.json()).toMatchObject({ status: 503, instance: '/api/v1/incidents' });
}

const post = (base: string, body: unknown) =>
  fetch(`${base}/api/v1/incidents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${E2E_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

const work = mkdtempSync(path.join(tmpdir(), 'shirase-away-'));
/** A DATA_DIR holding a site published by an earlier run, with this incident on its home page. */
const earlier = path.join(work, 'earlier');
const EARLIER_INCIDENT = '前回の公開に載っている障害';

/** A copy of the earlier DATA_DIR, so that each server starts from the same output. */
function previousOutput(): string {
  const dir = mkdtempSync(path.join(work, 'run-'));
  cpSync(path.join(earlier, 'site'), path.join(dir, 'site'), { recursive: true });
  return dir;
}

beforeAll(async () => {
  const first = await startServer({ DATA_DIR: earlier });
  try {
    await operatorApi(first.url).create('/api/v1/incidents', incident(EARLIER_INCIDENT));
    await waitForText(first.url, '/', EARLIER_INCIDENT);
  } finally {
    await first.stop();
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('starting while PostgreSQL cannot be reached', () => {
  const running: Started[] = [];
  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
  });

  it('serves the last published site, answers writes with 503 and Retry-After, reports starting, and keeps trying, while nothing listens at DATABASE_URL', async () => {
    const port = await freePort();
    const server = await startServer(
      { DATA_DIR: previousOutput(), DATABASE_URL: `postgres://shirase@127.0.0.1:${port}/shirase` },
      { until: 'listening' },
    );
    running.push(server);

    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(EARLIER_INCIDENT);
    await expectRefusedForNow(await post(server.url, incident('書けないはずの障害')));
    const ready = await health(server.url);
    expect(ready).toMatchObject({ status: 503, body: { status: 'starting', database: 'unavailable' } });
    expect(Number(ready.retryAfter)).toBeGreaterThan(0);
    await waitFor(() =>
      expect(server.output()).toMatch(
        new RegExp(
          `database: attempt 2 failed: PostgreSQL at 127\\.0\\.0\\.1:${port}/shirase cannot be reached \\(.*ECONNREFUSED.*\\): check DATABASE_URL.* Trying again in [0-9.]+ s\\.`,
        ),
      ),
    );
    expect(server.child.exitCode).toBeNull();
  });

  it('answers public pages 503 with Retry-After on a first start, with nothing published yet', async () => {
    const port = await freePort();
    const server = await startServer(
      {
        DATA_DIR: mkdtempSync(path.join(work, 'first-')),
        DATABASE_URL: `postgres://shirase@127.0.0.1:${port}/shirase`,
      },
      { until: 'listening' },
    );
    running.push(server);

    const home = await fetch(`${server.url}/`);

    expect(home.status).toBe(503);
    expect(Number(home.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await home.text()).toMatch(/has not been published yet/);
  });
});

describe('a PostgreSQL that accepts connections but never answers', () => {
  let silent: Server;
  let port = 0;
  const sockets = new Set<Socket>();
  /** What the fake server says after the client's startup message; nothing at all by default. */
  let greeting: Buffer | null = null;
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.once('data', () => {
        if (greeting) socket.write(greeting);
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterEach(() => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    greeting = null;
  });
  afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));
  const url = () => `postgres://shirase:hunter2-password@127.0.0.1:${port}/shirase`;

  it('does not hold the site up: it serves the last output and retries each connection after DATABASE_CONNECT_TIMEOUT_MS, without the password in the log', async () => {
    const server = await startServer(
      { DATA_DIR: previousOutput(), DATABASE_URL: url(), DATABASE_CONNECT_TIMEOUT_MS: '500' },
      { until: 'listening' },
    );
    try {
      const home = await fetch(`${server.url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain(EARLIER_INCIDENT);
      expect((await health(server.url)).body).toMatchObject({ status: 'starting', database: 'unavailable' });
      await waitFor(() =>
        expect(server.output()).toContain(
          `database: attempt 2 failed: PostgreSQL at 127.0.0.1:${port}/shirase did not complete a connection within 500 ms (DATABASE_CONNECT_TIMEOUT_MS)`,
        ),
      );
      expect(server.output()).not.toContain('hunter2');
    } finally {
      await server.stop();
    }
  });

  it('retries a query that gets no answer after the handshake, saying how long it waited, while the site serves', async () => {
    // AuthenticationOk, then ReadyForQuery (idle): the client counts as connected and sends its queries.
    greeting = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]);
    const server = await startServer(
      { DATA_DIR: previousOutput(), DATABASE_URL: url(), DATABASE_STATEMENT_TIMEOUT_MS: '500' },
      { until: 'listening' },
    );
    try {
      expect((await fetch(`${server.url}/`)).status).toBe(200);
      await waitFor(
        () =>
          expect(server.output()).toMatch(
            new RegExp(
              `database: attempt 1 failed: PostgreSQL at 127\\.0\\.0\\.1:${port}/shirase accepted the connection but did not answer a query within 2500 ms .* Trying again in`,
            ),
          ),
        15_000,
      );
    } finally {
      await server.stop();
    }
  });

  it('retries a start that runs past STARTUP_TIMEOUT_MS, saying so, while the site serves', async () => {
    const server = await startServer(
      {
        DATA_DIR: previousOutput(),
        DATABASE_URL: url(),
        DATABASE_CONNECT_TIMEOUT_MS: '600000',
        STARTUP_TIMEOUT_MS: '1000',
      },
      { until: 'listening' },
    );
    try {
      expect((await fetch(`${server.url}/`)).status).toBe(200);
      await waitFor(() =>
        expect(server.output()).toContain(
          `database: attempt 1 failed: Start-up did not finish within 1000 ms (STARTUP_TIMEOUT_MS): opening PostgreSQL at 127.0.0.1:${port}/shirase`,
        ),
      );
    } finally {
      await server.stop();
    }
  });

  it('ends on SIGTERM while still connecting, with exit code 0, within SHUTDOWN_TIMEOUT_MS', async () => {
    const server = await startServer(
      {
        DATA_DIR: previousOutput(),
        DATABASE_URL: url(),
        DATABASE_CONNECT_TIMEOUT_MS: '600000',
        SHUTDOWN_TIMEOUT_MS: '2000',
      },
      { until: 'listening' },
    );
    // Connecting: the silent server has the connection, and no answer will come.
    await waitFor(() => expect(sockets.size).toBeGreaterThan(0));

    server.child.kill('SIGTERM');

    expect(await exited(server.child)).toEqual({ code: 0, signal: null });
    expect(server.output()).not.toContain('Closing did not finish');
  });
});

const base = inject('postgresUrl');
if (!base && process.env.SHIRASE_REQUIRE_POSTGRES === '1')
  throw new Error('TEST_POSTGRES_URL is not set, but PostgreSQL is required for this run');

(base ? describe : describe.skip)(
  `PostgreSQL coming and going under a running server${base ? '' : ' [no TEST_POSTGRES_URL, skipped]'}`,
  () => {
    // A fresh, empty database, reached through a proxy the test opens and closes.
    const name = `shirase_t_${randomBytes(6).toString('hex')}`;
    // Read when it runs: without TEST_POSTGRES_URL the suite is only collected, and skipped.
    const direct = () => withDatabase(base, name);
    let proxy: Awaited<ReturnType<typeof tcpProxy>>;
    let server: Started;

    beforeAll(async () => {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const target = new URL(base);
      proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      const viaProxy = new URL(direct());
      viaProxy.port = String(proxy.port);
      server = await startServer(
        { DATA_DIR: previousOutput(), DATABASE_URL: viaProxy.toString(), DATABASE_CONNECT_TIMEOUT_MS: '2000' },
        { until: 'listening' },
      );
    });
    afterAll(async () => {
      await server?.stop();
      await proxy?.close();
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    });

    it('comes up by itself once PostgreSQL answers: ready, then writes are taken and published', async () => {
      expect((await health(server.url)).body.status).toBe('starting');

      await proxy.open();

      await waitFor(
        async () => expect(await health(server.url)).toMatchObject({ status: 200, body: { database: 'ok' } }),
        30_000,
      );
      await operatorApi(server.url).create('/api/v1/incidents', incident('接続後の障害'));
      await waitForText(server.url, '/', '接続後の障害').catch((e: Error) => {
        throw new Error(`${e.message}; the server printed:\n${server.output()}`);
      });
    }, 60_000);

    it('answers 503 with Retry-After while the connection is lost, reports degraded, and once PostgreSQL is back publishes what was written meanwhile, without a restart', async () => {
      await proxy.close();

      await expectRefusedForNow(await post(server.url, incident('切断中の障害')));
      const lost = await health(server.url);
      expect(lost).toMatchObject({ status: 503, body: { status: 'degraded', database: 'unavailable' } });
      expect(Number(lost.retryAfter)).toBeGreaterThan(0);
      expect((await fetch(`${server.url}/`)).status).toBe(200);
      // Written meanwhile past this server (another instance, an operator's script).
      const other = await openDatabase({ kind: 'postgres', url: direct() });
      try {
        await createIncident({
          db: other.db,
          now: new Date(),
          input: incident('その間に書かれた障害'),
          intervalMinutes: 60,
        });
      } finally {
        await other.close();
      }

      await proxy.open();

      // No request to the API is needed for it to notice: health only reports, it does not query.
      await waitFor(async () => expect((await health(server.url)).body.database).toBe('ok'), 60_000);
      await waitForText(server.url, '/', 'その間に書かれた障害', 30_000);
      expect(server.output()).toMatch(/database: lost the connection to PostgreSQL at 127\.0\.0\.1:\d+\/shirase_t_/);
      expect(server.output()).toMatch(/database: PostgreSQL at .* answers again after \d+ s\./);
    }, 120_000);
  },
);
