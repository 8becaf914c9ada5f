import type { Log, LogLine } from './logger.ts';

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

/**
 * `log` at `level` when it is the server's log (logger.ts), else `log` itself: for code that takes a
 * plain LogLine (tests pass an array's push) and has a failure to report.
 */
export const atLevel = (log: LogLine, level: 'warn' | 'error'): LogLine =>
  typeof (log as Partial<Log>)[level] === 'function' ? (log as Log)[level] : log;
