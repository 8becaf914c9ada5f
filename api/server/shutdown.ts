import { constants } from 'node:os';

export interface ExitOnSignalsOptions {
  /** Closes the server and the database. */
  close: () => Promise<void>;
  /** SHUTDOWN_TIMEOUT_MS: how long the close may take before the process exits without it. */
  graceMs: number;
  log: (line: string) => void;
  error: (line: string) => void;
  exit: (code: number) => void;
  /** Where the signals come from: the process, or a stand-in in tests. */
  signals?: Pick<NodeJS.EventEmitter, 'on'>;
}

/**
 * SIGTERM and SIGINT always end the process: the first closes the server and the database and
 * exits 0; a close that fails or outlasts the grace period exits 1 with a sentence (a stuck close
 * must not keep a supervisor waiting until it kills us mid-write); a second signal exits at once.
 * The embedded database's lock is released by its exit hook on every one of these paths.
 */
export function exitOnSignals({ close, graceMs, log, error, exit, signals = process }: ExitOnSignalsOptions): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      error(`${signal} again: exiting without waiting for the close to finish.`);
      exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    closing = true;
    log(`${signal}: closing`);
    const timer = setTimeout(() => {
      error(`Closing did not finish within ${graceMs} ms (SHUTDOWN_TIMEOUT_MS): exiting without it.`);
      exit(1);
    }, graceMs);
    close().then(
      () => {
        clearTimeout(timer);
        exit(0);
      },
      (err: Error) => {
        clearTimeout(timer);
        error(`Closing failed: ${err.message}`);
        exit(1);
      },
    );
  };
  signals.on('SIGTERM', onSignal);
  signals.on('SIGINT', onSignal);
}
