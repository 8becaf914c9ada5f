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
 * replayed with 4x CPU slowdown). Total Blocking Time follows how busy the 2 shared cores are
 * when the trace is taken: the same page measured 130 ms (score 1) on a quiet machine and
 * 1,330 ms (category 0.75) at load average 8, so a bound on it or on the category would fail
 * by chance. The metrics the page itself decides (its weight, render-blocking resources, layout
 * shifts) must each stay in Lighthouse's "good" band (0.9).
 */
const PAGE_METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'speed-index', 'cumulative-layout-shift'];
const GOOD = 0.9;

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
  });
  afterAll(async () => {
    await chrome?.kill();
    await server?.stop();
  });

  it.each(['/', '/en/'])(
    'scores %s 1 for accessibility, best practices and SEO, with first paint, largest paint, speed index and layout shift in the good band',
    async (path) => {
      const result = await lighthouse(server.url + path, {
        port: chrome.port,
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
        // Pictures of the page for the HTML report: no score reads them, and they cost seconds.
        skipAudits: ['screenshot-thumbnails', 'final-screenshot', 'full-page-screenshot'],
      });
      const report = result!.lhr as unknown as Report;
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, report.categories[c]!.score]));
      const shortfalls = [
        ...STRICT.filter((c) => report.categories[c]!.score !== 1).map(
          (c) => `${c} ${report.categories[c]!.score}:\n  ${failingAudits(report, c).join('\n  ')}`,
        ),
        ...PAGE_METRICS.filter((id) => (report.audits[id]!.score ?? 0) < GOOD).map(
          (id) => `performance: ${id} ${report.audits[id]!.displayValue} (score ${report.audits[id]!.score} < ${GOOD})`,
        ),
      ];
      const context = `Lighthouse mobile on ${path}: ${JSON.stringify(scores)}, performance costs: ${failingAudits(report, 'performance').join('; ')}`;
      console.info(context);
      expect(shortfalls, context).toEqual([]);
    },
    60_000,
  );
});
