import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/http/app.ts';
import type { AppDeps, DatabaseAvailability } from '../../api/http/context.ts';
import { PublishRecord } from '../../api/metrics/publish-record.ts';
import type { BackupStatus, MirrorStatus, OperationsStatus } from '../../api/server/ops-status.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { TOKEN } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { settingsFrom } from '../support/settings.ts';
import { parseMetrics } from './metrics-parse.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');
const seconds = (s: number) => new Date(NOW.getTime() - s * 1000);

function appWith(database: Database, extra: Partial<AppDeps> & { published?: () => boolean } = {}) {
  const { published = () => true, ...deps } = extra;
  return createApp({
    db: database.db,
    now: () => NOW,
    adminToken: TOKEN,
    settings: settingsFrom(),
    monitoring: { token: undefined, published, requests: async () => [], publishes: new PublishRecord() },
    ...deps,
  });
}

describe('/readyz and /metrics through the app', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await database.close();
  });

  it('is not ready before anything is published, and ready once it is', async () => {
    let published = false;
    const app = appWith(database, { published: () => published });
    const before = await app.request('/readyz');
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: 'not_ready', database: 'ok', published: false });
    published = true;
    expect((await app.request('/readyz')).status).toBe(200);
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('keeps /metrics behind METRICS_TOKEN: no header, an empty bearer or another token answer 401', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const app = appWith(database, {
      monitoring: { token, published: () => true, requests: async () => [], publishes: new PublishRecord() },
    });
    for (const authorization of [undefined, 'Bearer ', 'Bearer metrics-token-0123456789abcdeX', `Basic ${token}`]) {
      const res = await app.request('/metrics', authorization ? { headers: { Authorization: authorization } } : {});
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain('shirase_');
    }
    expect((await app.request('/metrics', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    // The probes stay open: an orchestrator has no token.
    expect((await app.request('/readyz')).status).toBe(200);
  });

  it('is not ready while the process knows the database is away, without asking it', async () => {
    const away: DatabaseAvailability = { state: 'degraded', since: NOW, retryAfterSeconds: 30 };
    const res = await appWith(database, { database: () => away }).request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ database: 'unavailable' });
  });

  it('never counts the monitoring routes against API_RATE_LIMIT', async () => {
    const app = appWith(database, { apiRateLimit: 2 });
    // As @hono/node-server hands a request over: the limit counts per client address.
    const from = { incoming: { socket: { remoteAddress: '192.0.2.7' } } };
    for (let i = 0; i < 5; i++) {
      expect((await app.request('/readyz', {}, from)).status).toBe(200);
      expect((await app.request('/metrics', {}, from)).status).toBe(200);
    }
    const api = () => app.request('/api/v1/components', { headers: { Authorization: `Bearer ${TOKEN}` } }, from);
    expect([(await api()).status, (await api()).status, (await api()).status]).toEqual([200, 200, 429]);
  });

  it('reports the mirror’s lag and the backups’ age from their readers, and nothing of a part that is not running', async () => {
    const mirror: MirrorStatus = {
      enabled: true,
      mirroredPublishedAt: seconds(300),
      latestPublishedAt: seconds(60),
      failures: 2,
      uploads: 40,
      deletions: 3,
    };
    const backup: BackupStatus = { lastSuccessAt: seconds(27 * 3600), failures: 1, generations: 7 };
    const operations: OperationsStatus = { mirror: () => mirror, backup: async () => backup };
    const m = parseMetrics(await (await appWith(database, { operations }).request('/metrics')).text());
    expect(m.value('shirase_mirror_lag_seconds')).toBe(240);
    expect(m.value('shirase_mirror_failures_total')).toBe(2);
    expect(m.value('shirase_backup_age_seconds')).toBe(27 * 3600);
    expect(m.value('shirase_backup_failures_total')).toBe(1);
    expect(m.value('shirase_backup_generations')).toBe(7);

    const caughtUp: OperationsStatus = {
      mirror: () => ({ ...mirror, mirroredPublishedAt: seconds(60) }),
      backup: async () => ({ ...backup, lastSuccessAt: null }),
    };
    const c = parseMetrics(await (await appWith(database, { operations: caughtUp }).request('/metrics')).text());
    expect(c.value('shirase_mirror_lag_seconds')).toBe(0);
    // No backup at all is as late as one can be: an age alert fires.
    expect(c.family('shirase_backup_age_seconds').metrics[0]?.value).toBe('+Inf');

    const none: OperationsStatus = { mirror: () => ({ ...mirror, enabled: false }), backup: async () => null };
    const n = parseMetrics(await (await appWith(database, { operations: none }).request('/metrics')).text());
    for (const name of n.names().filter((x) => /mirror|backup/.test(x)))
      expect(n.family(name).metrics, name).toEqual([]);
  });

  it('answers /metrics without the database figures, and /readyz 503, once the database is gone', async () => {
    const gone = await openTestDatabase('pglite');
    await gone.close();
    const app = appWith(gone);
    const [ready, res] = await Promise.all([app.request('/readyz'), app.request('/metrics')]);
    expect(ready.status).toBe(503);
    expect(res.status).toBe(200);
    const m = parseMetrics(await res.text());
    expect(m.value('shirase_database_up')).toBe(0);
    expect(m.family('shirase_notification_queue_depth').metrics).toEqual([]);
    expect(m.family('shirase_incident_updates_overdue').metrics).toEqual([]);
    expect(m.value('shirase_site_published')).toBe(1);
  });
});

describe('a database host that accepts connections and never answers', () => {
  const sockets = new Set<Socket>();
  const silent = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  let database: Database;
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    database = await openDatabase({
      kind: 'postgres',
      url: `postgres://shirase@127.0.0.1:${port}/shirase`,
      timeouts: { connectMs: 60_000, statementMs: 60_000 },
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await database.close().catch(() => {});
  });

  it('gets 503 from /readyz and an answer from /metrics within their time limit, not a hang', async () => {
    const app = appWith(database);
    const [ready, metrics] = await Promise.all([app.request('/readyz'), app.request('/metrics')]);
    expect(ready.status).toBe(503);
    expect(metrics.status).toBe(200);
    expect(parseMetrics(await metrics.text()).value('shirase_database_up')).toBe(0);
  }, 10_000);
});
