/**
 * The issue-10 figures on years of generated history, measured from outside: the production entry
 * (`node scripts/serve.ts`) in its own process on embedded PGlite or PostgreSQL, its RSS read from
 * /proc, `npm run export` timed, and wrk against the server and against nginx serving the exported
 * files in the same run.
 *
 * For experiments, the environment of the bench: BENCH_SERVE_FLAGS (Node flags added after those of
 * `npm run serve`), BENCH_SERVE_ENV (`NAME=value …`, over those of `npm run serve`), BENCH_MEMORY_PROBE=1
 * (memory-probe.ts preloaded: each thread's heap is printed 5 s after the POSTs), BENCH_PIN=1 (wrk and
 * the server under test on a core each in the comparison with nginx, see serving-ratio.ts).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { loadConfig } from '../../api/server/config.ts';
import { openDatabase } from '../../db/client.ts';
import { npmScriptCommand } from '../npm-script.ts';
import { freePort, E2E_TOKEN as TOKEN } from '../../tests/support/http.ts';
import { generateHistory, type HistoryCounts } from './history.ts';
import { publishesBetween, publishHistogram } from './metrics-scrape.ts';
import { ensureTools, get, startNginx } from './nginx-wrk.ts';
import { startCluster } from './postgres.ts';
import { readFigures, readsDuringWrites } from './reads-during-writes.ts';
import { ratioFigures, servingRatios } from './serving-ratio.ts';
import { formatBreakdown, smapsBreakdown } from './smaps.ts';

export interface HistoryBenchOptions {
  years: number;
  seed: number;
  database: 'pglite' | 'postgres';
  /** Keeps the generated history here (a PGlite data folder or a pg_dump) and reuses it next time. */
  out: string | null;
  /** Only the cold start, its whole-history publish and the POSTs: no restart, export or wrk. */
  quick?: boolean;
  log: (line: string) => void;
}

export interface Figure {
  name: string;
  value: string;
  goal: string;
  /** null: no goal to meet. */
  met: boolean | null;
}

const SITE_URL = 'https://status.example.jp';
const DAY = 86_400_000;
const MiB = 2 ** 20;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1)]!;
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;

/** VmRSS (now) and VmHWM (the peak since the process started), in bytes. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** The experiment's additions to the server's command line and environment (see the head of this file). */
function experimentOf(): { flags: string[]; env: Record<string, string> } {
  const words = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);
  const flags = words(process.env.BENCH_SERVE_FLAGS);
  if (process.env.BENCH_MEMORY_PROBE === '1') flags.push('--import', path.resolve('scripts/bench/memory-probe.ts'));
  const env = Object.fromEntries(words(process.env.BENCH_SERVE_ENV).map((w) => w.split(/=(.*)/s).slice(0, 2)));
  return { flags, env };
}

interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** On PostgreSQL: each publish's generation is then shared with other instances (cluster.ts). */
  shares: boolean;
  /** Resolves with the ms from spawn to the first 200 on `/`. */
  firstOk: Promise<number>;
  stop(): Promise<void>;
}

/** Servers still running, stopped when the bench ends, also by a failure. */
const live = new Set<ChildProcess>();

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawned = performance.now();
  const experiment = experimentOf();
  const child = spawn(
    process.execPath,
    [...npmScriptCommand('serve').flags, ...experiment.flags, npmScriptCommand('serve').file],
    {
      env: {
        ...process.env,
        ...npmScriptCommand('serve').env,
        ...experiment.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ADMIN_TOKEN: TOKEN,
        SITE_URL,
        SEED_DEMO: 'never',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  // The server logs JSON lines (pino): the figures below are read from each line's message.
  const reader = () => {
    let partial = '';
    return (d: Buffer) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop()!;
      for (const line of lines) output += `${messageOf(line)}\n`;
    };
  };
  child.stdout!.on('data', reader());
  child.stderr!.on('data', reader());
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`serve.ts exited with ${code}:\n${output.slice(-2000)}`))),
  );
  exited.catch(() => {});
  const firstOk = (async () => {
    for (;;) {
      if (child.exitCode !== null) await exited;
      const ok = await get(`${url}/`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return performance.now() - spawned;
      if (performance.now() - spawned > 300_000) throw new Error(`no 200 on / within 5 minutes:\n${output}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    url,
    child,
    output: () => output,
    shares: Boolean(env.DATABASE_URL),
    firstOk,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A JSON log line's `msg` (pino), any other line as it is. */
function messageOf(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const msg = (JSON.parse(line) as { msg?: unknown }).msg;
    return typeof msg === 'string' ? msg : line;
  } catch {
    return line;
  }
}

// At the start of a line: memory-probe.ts repeats each line after its figures.
const PUBLISHED = /^published (\d+)\/(\d+) files in (\d+) ms/gm;
const SHARED = /^cluster: generation \S+ is current \((\d+) new objects, (\d+) KiB, (\d+) ms/gm;

/**
 * Waits until the server has the database and no publish runs (a republish, or the decision that
 * nothing changed); returns the publishes it logged meanwhile.
 */
async function settled(server: Server, since: number): Promise<Array<{ files: number; of: number; ms: number }>> {
  const started = performance.now();
  let idleSince: number | null = null;
  for (;;) {
    const res = await get(`${server.url}/api/v1/publishing`, { Authorization: `Bearer ${TOKEN}` }).catch(() => null);
    const idle = res?.status === 200 && JSON.parse(res.body).publishing === false;
    const logged = [...server.output().slice(since).matchAll(PUBLISHED)];
    // With PostgreSQL, a commit's generation is shared with other instances after it is served
    // here, while the publisher goes on: settled once the last one is shared too.
    const sharing = server.shares && [...server.output().slice(since).matchAll(SHARED)].length < logged.length;
    if (idle && !sharing) idleSince ??= performance.now();
    else idleSince = null;
    // Idle for a while (a publish may be queued just after the database comes up), or idle after a publish.
    if (idleSince !== null && (logged.length > 0 || performance.now() - idleSince > 3_000))
      return logged.map((m) => ({ files: Number(m[1]), of: Number(m[2]), ms: Number(m[3]) }));
    if (performance.now() - started > 600_000)
      throw new Error(`still publishing after 10 minutes:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Between one POST's incident showing on `/` and the next POST. */
const POST_SPACING_MS = 2_500;

/**
 * Polls `url` every 2 ms until its body satisfies `shows`, as a status-page poller does: on one
 * kept-alive connection, asking with the last ETag, so that an unchanged page costs a 304 and the
 * body is read and searched only when it changed. (Fetching and searching the whole 180 KB home
 * page on a new connection every 2 ms took a good part of a core from the two the server publishes
 * on, slowing the very publish it timed.) Resolves at the first answer that shows it.
 */
async function pollUntil(url: string, shows: (body: string) => boolean): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let etag: string | undefined;
  try {
    for (;;) {
      const res = await new Promise<{ status: number; etag?: string; body: string }>((resolve, reject) => {
        request(url, { agent, headers: etag ? { 'If-None-Match': etag } : {} }, (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c) => (body += c)).on('end', () =>
            resolve({ status: r.statusCode!, etag: r.headers.etag, body }),
          );
        })
          .on('error', reject)
          .end();
      });
      if (res.status === 200) {
        if (shows(res.body)) return;
        etag = res.etag;
      } else if (res.status !== 304) throw new Error(`GET ${url} answered ${res.status}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    agent.destroy();
  }
}

/** POST an incident, then poll `/` until it shows: 20 times, 2.5 s apart. */
async function postToVisible(server: Server): Promise<number[]> {
  const components = JSON.parse((await get(`${server.url}/api/v1/components`)).body).components as Array<{
    id: string;
  }>;
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const name = `ベンチマーク障害 ${i} ${Date.now()}`;
    const sent = performance.now();
    const res = await fetch(`${server.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name,
        body: '計測用',
        components: { [components[i % components.length]!.id]: 'partial_outage' },
      }),
    });
    if (res.status !== 201) throw new Error(`POST /api/v1/incidents answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    await pollUntil(`${server.url}/`, (body) => body.includes(name));
    times.push(performance.now() - sent);
    // Apart, as operators post: each POST finds the server idle (its render thread past IDLE_MS).
    await new Promise((r) => setTimeout(r, POST_SPACING_MS));
  }
  return times;
}

/** The database with the history in it: generated, or restored from `out`. Returns the server's env. */
async function prepareDatabase(
  opts: HistoryBenchOptions,
  work: string,
): Promise<{ env: Record<string, string>; counts: HistoryCounts | null; generateMs: number | null; close(): void }> {
  const { years, seed, out, log } = opts;
  const key = `history-${years}y-seed${seed}`;
  const now = new Date();
  const config = loadConfig({ DATA_DIR: 'memory', SITE_URL });
  const generate = async (target: Parameters<typeof openDatabase>[0], concurrency: number) => {
    const database = await openDatabase(target);
    try {
      await database.migrate();
      // The catalogue existed before the history began.
      await seedDemoIfEmpty({ db: database.db, now: new Date(now.getTime() - (years * 365.25 + 30) * DAY) });
      const t = performance.now();
      const counts = await generateHistory({
        db: database.db,
        years,
        seed,
        now,
        settings: config.settings,
        concurrency,
      });
      return { counts, ms: performance.now() - t };
    } finally {
      await database.close();
    }
  };
  const remember = (counts: HistoryCounts) =>
    out && writeFileSync(path.join(out, `${key}.json`), JSON.stringify({ generatedAt: now, counts }, null, 2));
  const recalled = (): HistoryCounts | null =>
    out && existsSync(path.join(out, `${key}.json`))
      ? JSON.parse(readFileSync(path.join(out, `${key}.json`), 'utf8')).counts
      : null;
  if (out) mkdirSync(out, { recursive: true });

  if (opts.database === 'pglite') {
    const dataDir = path.join(work, 'data');
    const folder = path.join(dataDir, 'pglite');
    const cached = out && path.join(out, `${key}.pglite`);
    if (cached && existsSync(cached)) {
      log(`reusing the history in ${cached}`);
      cpSync(cached, folder, { recursive: true });
      return { env: { DATA_DIR: dataDir }, counts: recalled(), generateMs: null, close() {} };
    }
    log(`generating ${years} years of history into PGlite`);
    const { counts, ms } = await generate({ kind: 'pglite', dataDir: folder }, 1);
    if (cached) {
      cpSync(folder, cached, { recursive: true });
      remember(counts);
    }
    return { env: { DATA_DIR: dataDir }, counts, generateMs: ms, close() {} };
  }

  const cluster = process.env.DATABASE_URL ? null : await startCluster();
  const base = process.env.DATABASE_URL ?? cluster!.url;
  if (cluster) log(`started a throwaway PostgreSQL ${cluster.version} cluster`);
  const bin = (tool: string) => (cluster ? path.join(cluster.bin, tool) : tool);
  const name = `shirase_bench_${process.pid}`;
  const admin = (sql: string) => execFileSync(bin('psql'), ['-q', '-d', base, '-c', sql], { stdio: 'pipe' });
  admin(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const close = () => {
    try {
      admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch {}
    cluster?.stop();
  };
  const dump = out && path.join(out, `${key}.pgdump`);
  const env = { DATABASE_URL: url, DATA_DIR: path.join(work, 'data') };
  if (dump && existsSync(dump)) {
    log(`reusing the history in ${dump}`);
    execFileSync(bin('pg_restore'), ['--no-owner', '-d', url, dump], { stdio: 'pipe' });
    return { env, counts: recalled(), generateMs: null, close };
  }
  log(`generating ${years} years of history into PostgreSQL`);
  const { counts, ms } = await generate({ kind: 'postgres', url }, 8);
  if (dump) {
    execFileSync(bin('pg_dump'), ['-Fc', '-f', dump, url], { stdio: 'pipe' });
    remember(counts);
  }
  return { env, counts, generateMs: ms, close };
}

export async function benchHistoryServer(opts: HistoryBenchOptions): Promise<Figure[]> {
  const { log } = opts;
  ensureTools(log);
  const work = mkdtempSync(path.join(os.tmpdir(), 'shirase-bench.'));
  // nginx's workers run as another user when started as root: they must be able to read the export.
  chmodSync(work, 0o755);
  const db = await prepareDatabase(opts, work);
  const figures: Figure[] = [];
  const add = (name: string, value: string, goal = '', met: boolean | null = null) => {
    figures.push({ name, value, goal, met });
    log(`${name}: ${value}`);
  };
  try {
    if (db.counts) {
      const c = db.counts;
      add(
        `history (${opts.years} year${opts.years === 1 ? '' : 's'}, seed ${opts.seed}, ${opts.database})`,
        `${c.incidents} incidents, ${c.updates} updates, ${c.maintenances} maintenances, ${c.notices} notices${db.generateMs === null ? ' (reused)' : ` written in ${s1(db.generateMs)}`}`,
      );
    }

    // Cold: no published output on disk yet; the first start publishes the whole history.
    log('cold start (no published output on disk)');
    let server = await startServer(db.env);
    const coldFirst = await server.firstOk;
    const coldPublishes = await settled(server, 0);
    const afterPublish = memoryOf(server.child.pid!);
    const full = coldPublishes.reduce<(typeof coldPublishes)[number] | undefined>(
      (a, p) => (a && a.files >= p.files ? a : p),
      undefined,
    );
    // The largest share is the whole history's: served here at once, then uploaded for other instances.
    const shared = [...server.output().matchAll(SHARED)].map((m) => ({ objects: Number(m[1]), ms: Number(m[3]) }));
    const wholeShared = shared.reduce<(typeof shared)[number] | undefined>(
      (a, p) => (a && a.objects >= p.objects ? a : p),
      undefined,
    );
    const idleFigure = () =>
      add(
        'RSS 5 s after the 20 POSTs: VmRSS / VmHWM',
        `${mib(idleAfterPosts.rss)} / ${mib(idleAfterPosts.hwm)}`,
        'steady ≤ 300 MiB',
        idleAfterPosts.rss <= 300 * MiB,
      );
    const wholeFigure = () =>
      add(
        'whole history published (cold start)',
        full ? `${s1(full.ms)} (${full.files.toLocaleString('en')} files)` : 'no publish logged',
        '≤ 15 s (aim 10 s)',
        full ? full.ms <= 15_000 : false,
      );
    const sharedFigure = () =>
      wholeShared &&
      add(
        'whole history shared with other instances (upload to PostgreSQL, after it is served)',
        `${s1(wholeShared.ms)} (${wholeShared.objects.toLocaleString('en')} objects)`,
      );
    log('POST → visible, 20 incidents');
    const metricsBefore = await publishHistogram(server.url);
    const visible = await postToVisible(server);
    const viaMetrics = publishesBetween(metricsBefore, await publishHistogram(server.url));
    // The server's own figure beside the bench's: the publish (model read to commit) is most of POST → visible.
    const metricsFigure = () =>
      add(
        'publish duration over the 20 POSTs, from /metrics (shirase_publish_duration_seconds): mean / POST → visible mean',
        `${Math.round(viaMetrics.meanMs)} ms over ${viaMetrics.count} publishes / ${Math.round(visible.reduce((a, b) => a + b, 0) / visible.length)} ms`,
      );
    const afterPosts = memoryOf(server.child.pid!);
    await new Promise((r) => setTimeout(r, 5_000));
    const idleAfterPosts = memoryOf(server.child.pid!);
    log(`5 s after the POSTs, by mapping: ${formatBreakdown(smapsBreakdown(server.child.pid!))}`);
    if (process.env.BENCH_MEMORY_PROBE === '1') {
      const from = server.output().length;
      server.child.kill('SIGUSR2');
      // Heap snapshots (MEMORY_PROBE_DIR) take seconds per thread.
      const snapshots = process.env.BENCH_SERVE_ENV?.includes('MEMORY_PROBE_DIR=');
      await new Promise((r) => setTimeout(r, snapshots ? 20_000 : 1_000));
      for (const line of server.output().slice(from).split('\n')) if (line.startsWith('[mem]')) log(`server: ${line}`);
    }
    // Where each publish's time went, as the server logged it (model, pages, documents, compress).
    for (const line of server.output().split('\n'))
      if (/published \d+\/\d+ files in|is current \(/.test(line)) log(`server: ${line}`);
    await server.stop();
    if (opts.quick) {
      wholeFigure();
      sharedFigure();
      idleFigure();
      add('RSS after the full republish (cold): VmRSS / VmHWM', `${mib(afterPublish.rss)} / ${mib(afterPublish.hwm)}`);
      const v = visible;
      add(
        'POST → new incident on `/`: p50 / p95 / max of 20',
        `${Math.round(pct(v, 0.5))} / ${Math.round(pct(v, 0.95))} / ${Math.round(Math.max(...v))} ms`,
        '≤ 1 s max',
        Math.max(...v) <= 1_000,
      );
      metricsFigure();
      return figures;
    }

    // Warm: the previous run's output is on disk; nothing changed since it stopped.
    log('restart with the output of the previous run on disk');
    server = await startServer(db.env);
    const warmFirst = await server.firstOk;
    // From the start of its output: today's server publishes before it listens.
    const warmPublishes = await settled(server, 0);
    const afterStart = memoryOf(server.child.pid!);

    add('start → first 200 on `/`, output on disk', s1(warmFirst), '≤ 2 s', warmFirst <= 2_000);
    // The issue's ≤ 2 s is for a restart: with nothing published yet there is nothing to serve before the first publish.
    add('start → first 200 on `/`, cold (nothing on disk)', s1(coldFirst));
    wholeFigure();
    sharedFigure();
    add(
      'restart with nothing changed: publishes',
      warmPublishes.length === 0
        ? 'none'
        : warmPublishes.map((p) => `${p.files}/${p.of} files in ${s1(p.ms)}`).join(', '),
      'renders nothing',
      warmPublishes.every((p) => p.files === 0),
    );
    add(
      'RSS after start-up (warm): VmRSS / VmHWM',
      `${mib(afterStart.rss)} / ${mib(afterStart.hwm)}`,
      'steady ≤ 300 MiB, peak ≤ 512 MiB',
      afterStart.rss <= 300 * MiB && afterStart.hwm <= 512 * MiB,
    );
    add(
      'RSS after the full republish (cold): VmRSS / VmHWM',
      `${mib(afterPublish.rss)} / ${mib(afterPublish.hwm)}`,
      'steady ≤ 300 MiB, peak ≤ 512 MiB',
      afterPublish.rss <= 300 * MiB && afterPublish.hwm <= 512 * MiB,
    );
    add('RSS after 20 POSTs: VmRSS / VmHWM', `${mib(afterPosts.rss)} / ${mib(afterPosts.hwm)}`);
    idleFigure();
    add(
      'POST → new incident on `/`: p50 / p95 / max of 20',
      `${pct(visible, 0.5).toFixed(0)} / ${pct(visible, 0.95).toFixed(0)} / ${Math.max(...visible).toFixed(0)} ms`,
      '≤ 1 s max',
      Math.max(...visible) <= 1_000,
    );
    metricsFigure();

    // The export opens the database itself: with PGlite only once the server is stopped.
    if (opts.database === 'pglite') await server.stop();
    const exported = path.join(work, 'export');
    log('npm run export');
    const t = performance.now();
    const said = execFileSync(
      process.execPath,
      [...npmScriptCommand('export').flags, npmScriptCommand('export').file, exported],
      {
        env: { ...process.env, ...npmScriptCommand('export').env, ...db.env, SITE_URL, SEED_DEMO: 'never' },
        encoding: 'utf8',
      },
    );
    const exportMs = performance.now() - t;
    add(
      `\`npm run export\` (${/exported (\d+) files/.exec(said)?.[1] ?? '?'} files)`,
      s1(exportMs),
      '≤ 15 s',
      exportMs <= 15_000,
    );
    if (server.child.exitCode !== null) {
      server = await startServer(db.env);
      await server.firstOk;
      await settled(server, 0);
    }

    const settle = () => settled(server, server.output().length);
    const nginx = await startNginx(exported, mkdtempSync(path.join(work, 'nginx.')));
    try {
      // The comparison holds only for the same bytes: the export is of the state the server serves now
      // (the reads during writes below change it, so they come after).
      const differ: string[] = [];
      for (const route of ['/', '/api/v2/summary.json']) {
        const [a, b] = await Promise.all([get(`${server.url}${route}`), get(`${nginx.url}${route}`)]);
        if (a.body !== b.body) differ.push(`${route} (${a.body.length} and ${b.body.length} bytes)`);
      }
      add(
        'Shirase and nginx serve the same bytes (`/`, `summary.json`)',
        differ.length ? `no: ${differ.join(', ')}` : 'yes',
        'yes',
        differ.length === 0,
      );
      const pinned = process.env.BENCH_PIN === '1';
      const ratios = await servingRatios({
        ours: { url: server.url, pid: server.child.pid! },
        theirs: nginx,
        routes: ['/', '/api/v2/summary.json'],
        rounds: 3,
        seconds: 5,
        pinned,
        settle,
        log,
      });
      for (const f of ratioFigures(ratios, pinned)) add(f.name, f.value, f.goal, f.met);
      const underLoad = memoryOf(server.child.pid!);
      add('RSS after the wrk runs: VmRSS / VmHWM', `${mib(underLoad.rss)} / ${mib(underLoad.hwm)}`);
    } finally {
      nginx.stop();
    }

    // Reads while an update lands every 200 ms, against the same reads of the idle server.
    const reads = await readsDuringWrites({
      base: server.url,
      pid: server.child.pid!,
      routes: ['/api/v2/summary.json', '/'],
      seconds: 10,
      everyMs: 200,
      settle,
      log,
    });
    for (const f of readFigures(reads)) add(f.name, f.value, f.goal, f.met);

    await server.stop();
    return figures;
  } finally {
    await Promise.all([...live].map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))));
    db.close();
    rmSync(work, { recursive: true, force: true });
  }
}
