import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exitOnSignals } from '../../api/server/shutdown.ts';

/** The process's signals and exit, stood in for, so that a stuck close can be waited out on a fake clock. */
function harness(close: () => Promise<void>) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const errors: string[] = [];
  exitOnSignals({
    close,
    graceMs: 10_000,
    log: () => {},
    error: (line) => errors.push(line),
    exit: (code) => exits.push(code),
    signals,
  });
  return { signals, exits, errors };
}
const never = () => new Promise<void>(() => {});

describe('SIGTERM and SIGINT end the process', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('exits 0 once the server and the database are closed', async () => {
    const close = vi.fn(async () => {});
    const { signals, exits } = harness(close);
    signals.emit('SIGTERM', 'SIGTERM');
    await vi.runAllTimersAsync();
    expect(close).toHaveBeenCalledOnce();
    expect(exits).toEqual([0]);
  });

  it('exits 1 with a sentence when closing hangs past the grace period (a stuck publish, a database that does not answer)', async () => {
    const { signals, exits, errors } = harness(never);
    signals.emit('SIGTERM', 'SIGTERM');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(exits).toEqual([1]);
    expect(errors).toEqual(['Closing did not finish within 10000 ms (SHUTDOWN_TIMEOUT_MS): exiting without it.']);
  });

  it('exits 1 with the reason when closing fails', async () => {
    const { signals, exits, errors } = harness(async () => {
      throw new Error('PGlite is closed');
    });
    signals.emit('SIGINT', 'SIGINT');
    await vi.runAllTimersAsync();
    expect(exits).toEqual([1]);
    expect(errors).toEqual(['Closing failed: PGlite is closed']);
  });

  it('exits at once on a second signal, without waiting for the close', async () => {
    const close = vi.fn(never);
    const { signals, exits, errors } = harness(close);
    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([130]);
    expect(errors).toEqual(['SIGINT again: exiting without waiting for the close to finish.']);
    expect(close).toHaveBeenCalledOnce();
  });
});
