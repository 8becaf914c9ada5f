import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server.ts';

/** A weekday morning outside the standing maintenance window, as the other e2e suites pin it. */
const PINNED = '2026-11-24T10:00:00+09:00';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
/** Accessibility, best practices and SEO do not depend on the machine's speed: anything below 1 is a defect. */
const STRICT = ['accessibility', 'best-practices', 'seo'] as const;
/**
 * Performance is scored on a simulated slow phone (default mobile config: a trace taken here,
 * replayed with 4x CPU slowdown), so Total Blocking Time follows how busy the 2 shared cores are
 * when the trace is taken. Three things keep the score about the page rather than the machine:
 * - the browser loads the site once before any run: the first page a fresh Chromium opens pays
 *   for starting its font lookup and text shaping (0.74–0.79 for / at load average 11–13, the
 *   same page 1 right after), which no visitor's phone pays for this page;
 * - each page is measured RUNS times and the median run is judged, as Lighthouse CI does (two runs
 *   that both pass settle it);
 * - the bound is 0.95, not 1: a run taken while other work loads both cores reads 0.93–0.96
 *   for a page that scores 1 on a quiet machine (load-work.test.ts counts the page's own work
 *   in calls, which the load cannot sway). The metrics the page alone decides (its weight,
 *   render-blocking resources, layout shifts) must each stay in Lighthouse's "good" band (0.9).
 */
const PAGE_METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'speed-index', 'cumulative-layout-shift'];
const GOOD = 0.9;
const PERFORMANCE_BOUND = 0.95;
const RUNS = 3;

interface Report {
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<string, { title: string; score: number | null; scoreDisplayMode: string; displayValue?: string }>;
}

/** The audits of one category that cost it points, as "id (score): title [value]". */
function failingAudits(report: Report, category: string): string[] {
  return report.categories[category]!.auditRefs.filter((ref) => {
    const score = report.audits[ref.id]!.score;
    return ref.weight > 0 && score !== null && score < 1;
  }).map((ref) => {
    const audit = report.audits[ref.id]!;
    return `${ref.id} (${audit.score}): ${audit.title}${audit.displayValue ? ` [${audit.displayValue}]` : ''}`;
  });
}

/** The run in the middle when ordered by `score`. */
const medianRun = (runs: Report[], score: (r: Report) => number): Report =>
  runs.toSorted((a, b) => score(a) - score(b))[Math.floor(runs.length / 2)]!;

const performance = (r: Report) => r.categories.performance!.score ?? 0;

/**
 * What a page must reach, each judged on its own median run: performance, the categories that must
 * be 1, and the metrics the page alone decides (each in Lighthouse's good band).
 */
interface Check {
  score: (r: Report) => number;
  bound: number;
  /** What fell short, read from the run judged. */
  shortfall: (r: Report) => string;
}
const CHECKS: Check[] = [
  {
    score: performance,
    bound: PERFORMANCE_BOUND,
    shortfall: (r) =>
      `performance ${performance(r)} < ${PERFORMANCE_BOUND}: ${failingAudits(r, 'performance').join('; ')}`,
  },
  ...STRICT.map((c) => ({
    score: (r: Report) => r.categories[c]!.score ?? 0,
    bound: 1,
    shortfall: (r: Report) => `${c} ${r.categories[c]!.score}:\n  ${failingAudits(r, c).join('\n  ')}`,
  })),
  ...PAGE_METRICS.map((id) => ({
    score: (r: Report) => r.audits[id]!.score ?? 0,
    bound: GOOD,
    shortfall: (r: Report) => {
      const audit = r.audits[id]!;
      return `performance: ${audit.title} ${audit.displayValue} (score ${audit.score} < ${GOOD})`;
    },
  })),
];
const passes = (check: Check, r: Report) => check.score(r) >= check.bound;

/** Lighthouse, as a customer's phone would judge the public pages (mobile, default config). */
describe('Lighthouse mobile scores of the home pages', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let chrome: chromeLauncher.LaunchedChrome;

  beforeAll(async () => {
    // Both settle before any failure is thrown, so that afterAll stops whichever did start.
    const started = await Promise.allSettled([
      startServer({}, { clock: PINNED }).then((s) => (server = s)),
      chromeLauncher
        .launch({
          chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        })
        .then((c) => (chrome = c)),
    ]);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    // Warms the browser (see above); its result is not read.
    await lighthouse(server.url, { port: chrome.port, logLevel: 'error', onlyAudits: ['first-contentful-paint'] });
  });
  afterAll(async () => {
    await chrome?.kill();
    await server?.stop();
  });

  it.each(['/', '/en/'])(
    'scores %s at least 0.95 for performance (median of three runs) and 1 for accessibility, best practices and SEO, with first paint, largest paint, speed index and layout shift in the good band',
    async (path) => {
      // The median of three passes a check as soon as two runs have passed it: when the first two runs
      // pass every check, the third cannot change the verdict and is not taken (~9 s a page here).
      const runs: Report[] = [];
      const settled = () =>
        runs.length === RUNS || (runs.length === 2 && runs.every((r) => CHECKS.every((check) => passes(check, r))));
      while (!settled()) {
        const result = await lighthouse(server.url + path, {
          port: chrome.port,
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
          // Pictures of the page for the HTML report: no score reads them, and they cost seconds.
          skipAudits: ['screenshot-thumbnails', 'final-screenshot', 'full-page-screenshot'],
        });
        runs.push(result!.lhr as unknown as Report);
      }
      // Each check on its own median run: a busy moment slows one run's paint as much as its blocking time.
      const shortfalls = CHECKS.flatMap((check) => {
        const judged = medianRun(runs, check.score);
        return passes(check, judged) ? [] : [check.shortfall(judged)];
      });
      const report = medianRun(runs, performance);
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, report.categories[c]!.score]));
      const context = `Lighthouse mobile on ${path}: ${JSON.stringify(scores)} (performance of each run: ${runs.map(performance).join(', ')}), performance costs: ${failingAudits(report, 'performance').join('; ')}`;
      console.info(context);
      expect(shortfalls, context).toEqual([]);
    },
    180_000,
  );
});
