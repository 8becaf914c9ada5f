/**
 * Issue 11's notification figures: API 201 → first message accepted by a local SMTP server (goal
 * ≤ 5 s), one incident to 10,000 confirmed subscribers (goal ≤ 60 s) and to 1,000 webhook
 * endpoints, and the worker's memory meanwhile, on PGlite (on disk, as the server runs it) and on
 * PostgreSQL. The API and the outbox worker run in a child (notify-worker.ts), so that its
 * VmRSS/VmHWM are the worker's; this process holds the receivers: a real smtp-server on loopback
 * that counts what it accepts (nothing kept, nothing written) and an HTTP receiver that answers 204.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { newWebhookSecret } from '../../api/notify/webhook/secret.ts';
import { type Figure, memoryOf } from './history-server.ts';
import { startCluster } from './postgres.ts';
import type { WorkerAsk, WorkerRequest } from './notify-worker.ts';

export interface NotifyBenchOptions {
  subscribers?: number;
  webhooks?: number;
  /** How long a fan-out may take before the bench gives up on it. */
  timeoutMs?: number;
  log: (line: string) => void;
}

const MiB = 2 ** 20;
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
const clock = () => performance.timeOrigin + performance.now();
const s2 = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () => os.loadavg()[0]!.toFixed(1);

/** Counts arrivals and resolves waiters once the count reaches theirs. */
function counter() {
  let count = 0;
  let last = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    hit() {
      count += 1;
      last = clock();
      for (const w of waiters.filter((w) => count >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
    get count() {
      return count;
    },
    get last() {
      return last;
    },
    /** Resolves with the moment the count reached `n` more than now, rejects after `timeoutMs`. */
    after(n: number, timeoutMs: number): Promise<number> {
      const target = count + n;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${count - (target - n)} of ${n} arrived in ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
        waiters.push({
          n: target,
          resolve: () => {
            clearTimeout(timer);
            resolve(last);
          },
        });
      });
    },
  };
}

async function startReceivers() {
  const mail = counter();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 64,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        mail.hit();
        callback(null, 'Queued');
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const hooks = counter();
  const http = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hooks.hit();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    mail,
    hooks,
    smtpPort: (smtp.server.address() as AddressInfo).port,
    hookUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`,
    async close() {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => http.close(() => resolve())),
      ]);
    },
  };
}

/** The child, and a call that answers one request. */
async function startWorker(env: Record<string, string>) {
  const profile = process.env.NOTIFY_BENCH_CPU_PROF;
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'notify-worker.ts'), {
    // As `npm start` runs the server (package.json), whose process the worker lives in.
    execArgv: [
      '--liftoff-only',
      '--max-semi-space-size=4',
      '--heap-growing-percent=30',
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ],
    env: { ...process.env, MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '1048576', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ready: () => void;
  const started = new Promise<void>((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code) => reject(new Error(`notify-worker exited with ${code} before it was ready`)));
  });
  child.on('message', (m: { ready?: true; id?: number; value?: unknown; error?: string }) => {
    if (m.ready) return ready();
    const p = pending.get(m.id!);
    pending.delete(m.id!);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.value);
  });
  await started;
  let next = 0;
  const call = <T>(request: WorkerAsk): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: (v) => resolve(v as T), reject });
      child.send({ ...request, id } as WorkerRequest);
    });
  return {
    pid: child.pid!,
    call,
    post: async (p: string, body: unknown) => {
      const res = await call<{ status: number; json: Record<string, unknown>; at: number }>({
        op: 'post',
        path: p,
        body,
      });
      if (res.status !== 201) throw new Error(`POST ${p} answered ${res.status}: ${JSON.stringify(res.json)}`);
      return res;
    },
    sql: (text: string) => call<{ rows: Record<string, unknown>[] }>({ op: 'sql', text }),
    /** Resolves once no delivery is pending or leased (polled: the worker's own business). */
    async settled(timeoutMs: number): Promise<void> {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const { rows } = await call<{ rows: { n: unknown }[] }>({
          op: 'sql',
          text: "SELECT count(*) AS n FROM deliveries WHERE status IN ('pending', 'sending')",
        });
        if (Number(rows[0]?.n) === 0) return;
        if (performance.now() > until) throw new Error(`deliveries still due after ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

/** A process's user + system CPU time so far, in ms (/proc/PID/stat's utime and stime, in clock ticks). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // Fields 14 and 15 of stat(5), counted from the state (field 3) onwards here.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * The highest VmRSS seen while `run` runs (sampled every 50 ms), VmHWM after it, and the CPU time
 * the worker spent meanwhile: on a shared machine the wall time says how long the others let it
 * run, the CPU time what the work cost.
 */
async function watchWorker<T>(pid: number, run: () => Promise<T>) {
  const cpuBefore = cpuMsOf(pid);
  let peak = memoryOf(pid).rss;
  const before = peak;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid).rss);
  }, 50);
  try {
    const value = await run();
    const cpuMs = cpuMsOf(pid) - cpuBefore;
    return { value, cpuMs, before, peak: Math.max(peak, memoryOf(pid).rss), hwm: memoryOf(pid).hwm };
  } finally {
    clearInterval(timer);
  }
}

const incident = (n: number, component: string) => ({
  name: `請求書の送信遅延 ${n}`,
  name_en: `Invoice delivery delayed ${n}`,
  body: '調査中です。',
  body_en: 'We are investigating.',
  components: { [component]: 'major_outage' },
});

/** One database's figures. */
async function benchOne(
  label: string,
  env: Record<string, string>,
  receivers: Awaited<ReturnType<typeof startReceivers>>,
  o: Required<NotifyBenchOptions>,
): Promise<Figure[]> {
  const worker = await startWorker({ ...env, SMTP_PORT: String(receivers.smtpPort) });
  const figures: Figure[] = [];
  try {
    const component = await worker.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' });
    const componentId = component.json.id as string;

    // 201 → first message: one registered contact, five incidents (one message each), posted as
    // the operator would, the worker woken by the commit as the server wakes it.
    await worker.post('/api/v1/contacts', { email: 'ops@example.jp', language: 'ja' });
    const latencies: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const arrived = receivers.mail.after(1, o.timeoutMs);
      const posted = await worker.post('/api/v1/incidents', incident(i, componentId));
      latencies.push((await arrived) - posted.at);
    }
    latencies.sort((a, b) => a - b);
    figures.push({
      name: `${label}: API 201 → first message accepted by SMTP (5 incidents, 1 contact)`,
      value: `median ${s2(latencies[2]!)}, max ${s2(latencies[4]!)} (load ${load()})`,
      goal: '≤ 5 s',
      met: latencies[4]! <= 5000,
    });
    await worker.settled(o.timeoutMs);
    await worker.sql('TRUNCATE contacts');

    // One incident to N confirmed subscribers, seeded by SQL.
    await worker.sql(`INSERT INTO subscribers (id, email, language, confirmed_at, created_at)
      SELECT 'bench-sub-' || g, 'sub' || g || '@example.jp', CASE WHEN g % 2 = 0 THEN 'ja' ELSE 'en' END, now(), now()
      FROM generate_series(1, ${o.subscribers}) g`);
    const mail = await watchWorker(worker.pid, async () => {
      const arrived = receivers.mail.after(o.subscribers, o.timeoutMs);
      const posted = await worker.post('/api/v1/incidents', incident(6, componentId));
      return (await arrived) - posted.at;
    });
    const mailLoad = load();
    figures.push({
      name: `${label}: one incident to ${o.subscribers.toLocaleString('en')} subscribers, 201 → last message accepted`,
      value: `${s2(mail.value)}, ${Math.round(o.subscribers / (mail.value / 1000))} messages/s (load ${mailLoad}); worker CPU ${s2(mail.cpuMs)}, ${((mail.cpuMs * 1000) / o.subscribers).toFixed(0)} µs/message`,
      goal: '≤ 60 s',
      met: mail.value <= 60_000,
    });
    figures.push(memoryFigure(label, 'subscribers', mail));
    await worker.settled(o.timeoutMs);
    await expectDelivered(worker, 'subscriber', o.subscribers);
    await worker.sql('TRUNCATE subscribers');

    // One incident to N webhook endpoints (statuspage format), all on the loopback receiver.
    const secret = newWebhookSecret();
    await worker.sql(`INSERT INTO webhooks (id, url, language, secret, created_at)
      SELECT 'bench-hook-' || g, '${receivers.hookUrl}/' || g, CASE WHEN g % 2 = 0 THEN 'ja' ELSE 'en' END, '${secret}', now()
      FROM generate_series(1, ${o.webhooks}) g`);
    const hooks = await watchWorker(worker.pid, async () => {
      const arrived = receivers.hooks.after(o.webhooks, o.timeoutMs);
      const posted = await worker.post('/api/v1/incidents', incident(7, componentId));
      return (await arrived) - posted.at;
    });
    figures.push({
      name: `${label}: one incident to ${o.webhooks.toLocaleString('en')} webhooks, 201 → last answered`,
      value: `${s2(hooks.value)}, ${Math.round(o.webhooks / (hooks.value / 1000))} requests/s (load ${load()}); worker CPU ${s2(hooks.cpuMs)}, ${((hooks.cpuMs * 1000) / o.webhooks).toFixed(0)} µs/request`,
      goal: '',
      met: null,
    });
    figures.push(memoryFigure(label, 'webhooks', hooks));
    await worker.settled(o.timeoutMs);
    await expectDelivered(worker, 'webhook', o.webhooks);
    return figures;
  } finally {
    await worker.stop();
  }
}

/** The count waited for is the one sent: one delivery per recipient, each delivered, no more. */
async function expectDelivered(worker: Awaited<ReturnType<typeof startWorker>>, kind: string, n: number) {
  const { rows } = await worker.sql(
    `SELECT status, count(*) AS n FROM deliveries WHERE recipient_kind = '${kind}' GROUP BY status`,
  );
  const said = rows.map((r) => `${r.n} ${r.status}`).join(', ');
  if (rows.length !== 1 || rows[0]!.status !== 'delivered' || Number(rows[0]!.n) !== n)
    throw new Error(`${n} ${kind} deliveries expected, all delivered; the outbox holds ${said}`);
}

function memoryFigure(label: string, what: string, m: { before: number; peak: number; hwm: number }): Figure {
  const f = (n: number) => `${Math.round(n / MiB)} MiB`;
  return {
    name: `${label}: worker process memory during the ${what} fan-out`,
    value: `RSS ${f(m.before)} before, ${f(m.peak)} at most; VmHWM ${f(m.hwm)}`,
    goal: '',
    met: null,
  };
}

export async function benchNotify(options: NotifyBenchOptions): Promise<Figure[]> {
  const o = { subscribers: 10_000, webhooks: 1_000, timeoutMs: 300_000, ...options };
  const receivers = await startReceivers();
  const figures: Figure[] = [];
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shirase-bench-notify.'));
    try {
      o.log('notify: PGlite (on disk)');
      figures.push(...(await benchOne('PGlite', { PGLITE_DIR: dir }, receivers, o)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    o.log('notify: PostgreSQL (a throwaway cluster)');
    let cluster: Awaited<ReturnType<typeof startCluster>>;
    try {
      cluster = await startCluster();
    } catch (err) {
      // PGlite's figures stand without it; say why the other half is missing.
      figures.push({ name: 'PostgreSQL', value: `skipped: ${(err as Error).message}`, goal: '', met: null });
      return figures;
    }
    try {
      figures.push(...(await benchOne(`PostgreSQL ${cluster.version}`, { DATABASE_URL: cluster.url }, receivers, o)));
    } finally {
      cluster.stop();
    }
  } finally {
    await receivers.close();
  }
  return figures;
}
