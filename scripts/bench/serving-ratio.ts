/**
 * Shirase against nginx serving the same exported bytes: wrk runs alternated between the two servers
 * over several rounds (who goes first alternates too), each server checked idle before its run,
 * reported as the median ratio of requests per second with its range, and the CPU per request, whose
 * ratio other work on the machine moves far less.
 * Pinned (BENCH_PIN=1): wrk on core 0, every thread of the server under test on core 1. Not the
 * default: beside other processes (5 sessions on these two cores) the pinned runs were no steadier
 * (summary.json identity 0.83–2.02× against 0.61–1.15× unpinned, alternated in the same minutes) and
 * served half the requests, each server stuck on whichever core the others were using.
 */
import type { Figure } from './history-server.ts';
import { pin, quiet, type WrkResult, wrk } from './nginx-wrk.ts';

export interface Served {
  url: string;
  pid: number;
}

export interface ServingRatio {
  route: string;
  encoding: 'identity' | 'br';
  ours: WrkResult[];
  theirs: WrkResult[];
  /** Ours ÷ theirs, round by round. */
  ratios: number[];
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function servingRatios(opts: {
  ours: Served;
  theirs: Served;
  routes: string[];
  rounds: number;
  seconds: number;
  pinned: boolean;
  /** Waits until Shirase has no publish or upload running. */
  settle: () => Promise<unknown>;
  log: (line: string) => void;
}): Promise<ServingRatio[]> {
  const { ours, theirs, log } = opts;
  const wrkCpus = opts.pinned ? '0' : undefined;
  if (opts.pinned) {
    pin(ours.pid, '1');
    pin(theirs.pid, '1');
  }
  try {
    const results: ServingRatio[] = [];
    for (const route of opts.routes)
      for (const [encoding, headers] of [
        ['identity', {}],
        ['br', { 'Accept-Encoding': 'br' }],
      ] as const) {
        const r: ServingRatio = { route, encoding, ours: [], theirs: [], ratios: [] };
        for (let round = 0; round < opts.rounds; round++) {
          const runOurs = async () => {
            await opts.settle();
            await quiet(ours.pid, log);
            return wrk(`${ours.url}${route}`, headers, opts.seconds, ours.pid, wrkCpus);
          };
          const runTheirs = () => wrk(`${theirs.url}${route}`, headers, opts.seconds, theirs.pid, wrkCpus);
          let a: WrkResult;
          let b: WrkResult;
          if (round % 2 === 0) {
            a = await runOurs();
            b = await runTheirs();
          } else {
            b = await runTheirs();
            a = await runOurs();
          }
          r.ours.push(a);
          r.theirs.push(b);
          r.ratios.push(a.rps / b.rps);
        }
        results.push(r);
      }
    return results;
  } finally {
    if (opts.pinned) {
      pin(ours.pid, '0-1');
      pin(theirs.pid, '0-1');
    }
  }
}

/**
 * `0.81× (0.74–0.88× over 3 rounds; 27,244 / 33,600 req/s; CPU per request 35.8 / 18.5 µs = 0.52×)`:
 * the median ratio and its range, the median rates, the median CPU per request and nginx's ÷ ours
 * (the rate each would reach on a core of its own).
 */
export function describeRatio(r: ServingRatio): { text: string; median: number } {
  const m = median(r.ratios);
  const n = (x: number) => Math.round(x).toLocaleString('en');
  const cpuOurs = median(r.ours.map((o) => o.cpuMicrosPerRequest));
  const cpuTheirs = median(r.theirs.map((o) => o.cpuMicrosPerRequest));
  const text = `${m.toFixed(2)}× (${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)}× over ${r.ratios.length} rounds; ${n(median(r.ours.map((o) => o.rps)))} / ${n(median(r.theirs.map((o) => o.rps)))} req/s; CPU per request ${cpuOurs.toFixed(1)} / ${cpuTheirs.toFixed(1)} µs = ${(cpuTheirs / cpuOurs).toFixed(2)}×)`;
  return { text, median: m };
}

/** One figure per route and encoding; `summary.json`'s against the issue's goal (≥ 0.8× nginx). */
export function ratioFigures(results: ServingRatio[], pinned: boolean): Figure[] {
  return results.map((r) => {
    const { text, median: m } = describeRatio(r);
    const goal = r.route === '/api/v2/summary.json';
    return {
      name: `req/s \`${r.route}\` ${r.encoding}: Shirase ÷ nginx${pinned ? ' (wrk on core 0, each server on core 1)' : ''}`,
      value: text,
      goal: goal ? '≥ 0.8× nginx' : '',
      met: goal ? m >= 0.8 : null,
    };
  });
}
