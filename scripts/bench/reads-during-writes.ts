/**
 * The "read p99 under 64 connections stays within 2× of an idle server's while an update
 * lands every 200 ms": wrk (2 threads, 64 connections, --latency) on a route of the idle server,
 * then the same while the bench posts an update to one incident every 200 ms, as an operator's
 * client would (POST /api/v1/incidents/{id}/updates), each publish running beside the reads.
 */
import { E2E_TOKEN as TOKEN } from '../../tests/support/http.ts';
import type { Figure } from './history-server.ts';
import { quiet, type WrkResult, wrk } from './nginx-wrk.ts';

export interface ReadsDuringWrites {
  route: string;
  idle: WrkResult;
  during: WrkResult;
  /** Each update's POST, sent → answered, in ms. */
  posts: number[];
}

async function send(url: string, body: unknown): Promise<{ status: number; json: { id?: string } }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
  return { status: res.status, json: JSON.parse(text) };
}

/** An incident for the updates to go to, on the first component. */
export async function openIncident(base: string): Promise<string> {
  const components = JSON.parse(await (await fetch(`${base}/api/v1/components`)).text()).components as Array<{
    id: string;
  }>;
  const { json } = await send(`${base}/api/v1/incidents`, {
    name: `ベンチマーク 読み取り計測 ${Date.now()}`,
    body: '計測用',
    components: { [components[0]!.id]: 'degraded_performance' },
  });
  if (!json.id) throw new Error('POST /api/v1/incidents answered no id');
  return json.id;
}

/**
 * Updates to `incident` every `everyMs` until `until` settles: started on that schedule whether or
 * not the last one was answered (an operator's client does not wait for the site to publish).
 */
async function postEvery(base: string, incident: string, everyMs: number, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  until.then(
    () => (done = true),
    () => (done = true),
  );
  const times: Array<Promise<number>> = [];
  const first = performance.now();
  for (let i = 0; !done; i++) {
    const sent = performance.now();
    times.push(
      send(`${base}/api/v1/incidents/${incident}/updates`, {
        status: i % 2 === 0 ? 'identified' : 'monitoring',
        body: `計測中の更新 ${i}`,
      }).then(() => performance.now() - sent),
    );
    const next = first + (i + 1) * everyMs;
    await Promise.race([
      until.catch(() => {}),
      new Promise((r) => setTimeout(r, Math.max(0, next - performance.now()))),
    ]);
  }
  return Promise.all(times);
}

/**
 * For each route: `seconds` of wrk on the idle server, then `seconds` of wrk while updates are posted
 * every `everyMs`; `settle` waits until the server is idle again (no publish, no upload) before each.
 */
export async function readsDuringWrites(opts: {
  base: string;
  pid: number;
  routes: string[];
  seconds: number;
  everyMs: number;
  settle: () => Promise<unknown>;
  log: (line: string) => void;
}): Promise<ReadsDuringWrites[]> {
  const incident = await openIncident(opts.base);
  const results: ReadsDuringWrites[] = [];
  for (const route of opts.routes) {
    await opts.settle();
    await quiet(opts.pid, opts.log);
    const idle = await wrk(`${opts.base}${route}`, {}, opts.seconds, opts.pid);
    await opts.settle();
    const reading = wrk(`${opts.base}${route}`, {}, opts.seconds, opts.pid);
    const posts = await postEvery(opts.base, incident, opts.everyMs, reading);
    results.push({ route, idle, during: await reading, posts });
  }
  await opts.settle();
  return results;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1)]!;

/** Per route: p99 during the writes ÷ idle against the goal (≤ 2×), with p50 and req/s; the POSTs' own times. */
export function readFigures(results: ReadsDuringWrites[]): Figure[] {
  return results.flatMap(({ route, idle, during, posts }) => {
    const ratio = during.p99Ms / idle.p99Ms;
    const rps = (r: WrkResult) => Math.round(r.rps).toLocaleString('en');
    return [
      {
        name: `read p99 \`${route}\` (wrk -c64) during an update every 200 ms ÷ idle`,
        value: `${during.p99Ms.toFixed(1)} / ${idle.p99Ms.toFixed(1)} ms = ${ratio.toFixed(1)}× (p50 ${during.p50Ms.toFixed(1)} / ${idle.p50Ms.toFixed(1)} ms; ${rps(during)} / ${rps(idle)} req/s)`,
        goal: '≤ 2×',
        met: ratio <= 2,
      },
      {
        name: `POST an update while reading \`${route}\`: p50 / p95 / max of ${posts.length}`,
        value: `${Math.round(pct(posts, 0.5))} / ${Math.round(pct(posts, 0.95))} / ${Math.round(Math.max(...posts))} ms`,
        goal: '',
        met: null,
      },
    ];
  });
}
