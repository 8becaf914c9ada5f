import type { LogLine } from './logger.ts';

/**
 * A line for this thread's log (logger.ts), with pino loaded at the first line rather than at start:
 * the serving thread logs only what goes wrong, and most of its life nothing does (issue 10's memory).
 */
export const lazyLog =
  (level: 'error' | 'warn'): LogLine =>
  (line) =>
    void import('./logger.ts').then(
      ({ processLog }) => processLog()[level](line),
      // The logger itself would not load: the line still reaches the operator.
      () => console.error(line),
    );
