import type { ServerResponse } from 'node:http';

/** How often the main thread tells the serving thread it is alive. */
export const HEARTBEAT_MS = 5_000;
/**
 * How long without a heartbeat before /healthz says the process is stuck: long enough for the main
 * thread's longest known pause (the embedded database's start, its migrations: seconds on a busy
 * machine), short enough that a supervisor restarts a process whose main thread is gone.
 */
export const STUCK_AFTER_MS = 30_000;

/**
 * /healthz on the serving thread (DATA_DIR on disk). It answers there, so that a main thread busy
 * for a moment (a publish, the database's start) does not fail a liveness probe while readers are
 * served; and it answers 503 once the main thread has sent no heartbeat for STUCK_AFTER_MS, so that
 * a process whose API and publishing are stuck for good is restarted rather than left serving its
 * last pages with /readyz failing forever.
 */
export class Liveness {
  private readonly now: () => number;
  private last: number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
    this.last = now();
  }

  beat(): void {
    this.last = this.now();
  }

  /** Null while alive; otherwise how long the main thread has been silent, in ms. */
  state(): number | null {
    const silent = this.now() - this.last;
    return silent < STUCK_AFTER_MS ? null : silent;
  }
}

export function answerHealth(res: ServerResponse, silentMs: number | null): void {
  const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
  if (silentMs === null) {
    res.writeHead(200, headers);
    res.end('ok\n');
    return;
  }
  res.writeHead(503, headers);
  res.end(`stuck: the main thread has not answered for ${Math.round(silentMs / 1000)} s\n`);
}
