/**
 * Demo history (SEED_DEMO=auto) is told apart by its title alone: every channel (pages, feeds,
 * API) carries the mark, and no column flags it, so the pages derive their badge from it.
 */
export const DEMO_MARK = '【デモ】';
export const DEMO_MARK_EN = '[Demo] ';

/** A title without its demo mark, and whether it had one (either language's: an English page may show the Japanese title). */
export function splitDemoMark(title: string): { demo: boolean; rest: string } {
  for (const mark of [DEMO_MARK, DEMO_MARK_EN])
    if (title.startsWith(mark)) return { demo: true, rest: title.slice(mark.length).trimStart() };
  return { demo: false, rest: title };
}
