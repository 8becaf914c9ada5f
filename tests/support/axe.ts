import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's WCAG 2.2 AA violations on the page now shown, one line each (rule, help, where). The
 * page's context needs `bypassCSP: true`: axe is injected as a script, which our CSPs refuse.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Once per document: a second check of the same page (another width, another scheme) reuses it
  // rather than parse and run axe-core's 550 KB again.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const result = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (d: Document, o: object) => Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
      }),
    WCAG_22_AA,
  )) as { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
