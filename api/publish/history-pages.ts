/**
 * A month of the incident history is published in pages of this many incidents (newest first):
 * one page per month grew with the incidents opened that month (5,000 of them: 709 KB).
 */
export const HISTORY_PAGE_SIZE = 100;

/** How many pages a month with `incidents` incidents takes (an empty month still has its page). */
export function historyPageCount(incidents: number): number {
  return Math.max(1, Math.ceil(incidents / HISTORY_PAGE_SIZE));
}

/** `/history/2026-11/` for the first page, `/history/2026-11/2/` for the next ones. */
export function historyPagePath(month: string, page: number): string {
  return page <= 1 ? `/history/${month}/` : `/history/${month}/${page}/`;
}
