import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyMallocTrim, loadMallocTrim, scheduleTrims } from '../../api/server/memory-trim.ts';
import { FileStore } from '../../api/publish/store.ts';
import { html } from '../support/store-files.ts';

describe('trimming the heap after a publish', () => {
  afterEach(() => vi.useRealTimers());

  it('trims once after a burst of commits, when the last one has settled', async () => {
    vi.useFakeTimers();
    const trim = vi.fn();
    const upload = Promise.withResolvers<void>();
    const trims = scheduleTrims({ trim, settled: () => upload.promise, log: () => {}, settleMs: 1000 });
    trims.committed();
    await vi.advanceTimersByTimeAsync(400);
    trims.committed();
    await vi.advanceTimersByTimeAsync(400);
    trims.committed();
    await vi.advanceTimersByTimeAsync(5000);
    // The upload of the last commit is still going: nothing is trimmed under it.
    expect(trim).not.toHaveBeenCalled();
    upload.resolve();
    await vi.waitFor(() => expect(trim).toHaveBeenCalledTimes(1));
    await vi.advanceTimersByTimeAsync(5000);
    expect(trim).toHaveBeenCalledTimes(1);
  });

  it('leaves the trim to a commit that came while the one before was settling', async () => {
    vi.useFakeTimers();
    const trim = vi.fn();
    let upload = Promise.withResolvers<void>();
    const trims = scheduleTrims({ trim, settled: () => upload.promise, log: () => {}, settleMs: 1000 });
    trims.committed();
    await vi.advanceTimersByTimeAsync(1000);
    trims.committed();
    const first = upload;
    upload = Promise.withResolvers<void>();
    first.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(trim).not.toHaveBeenCalled();
    upload.resolve();
    await vi.advanceTimersByTimeAsync(1000);
    expect(trim).toHaveBeenCalledTimes(1);
  });

  it('does not trim once stopped, and logs a failing trim once however often it fails', async () => {
    vi.useFakeTimers();
    const log = vi.fn();
    const trim = vi.fn(() => {
      throw new Error('no memory to trim');
    });
    const trims = scheduleTrims({ trim, settled: async () => {}, log, settleMs: 10 });
    for (let i = 0; i < 3; i++) {
      trims.committed();
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(trim).toHaveBeenCalledTimes(3);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toContain('no memory to trim');
    trims.stop();
    trims.committed();
    await vi.advanceTimersByTimeAsync(100);
    expect(trim).toHaveBeenCalledTimes(3);
  });

  it("trims after a store's commit only once its listeners (the cluster's upload) are done", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = await FileStore.open({ dir: null, hotBytes: 1024 * 1024 });
    const trim = vi.fn();
    const committed = vi.fn();
    const trims = scheduleTrims({ trim, settled: () => store.settled(), log: () => {}, settleMs: 1000 });
    store.onCommitted(() => {
      committed();
      trims.committed();
    });
    const upload = Promise.withResolvers<void>();
    store.onCommitted(() => upload.promise);
    await store.commit([html('/index.html', 'first')], new Date('2026-01-01T00:00:00Z'));
    await vi.waitFor(() => expect(committed).toHaveBeenCalled());
    await vi.advanceTimersByTimeAsync(1000);
    expect(trim).not.toHaveBeenCalled();
    upload.resolve();
    await vi.waitFor(() => expect(trim).toHaveBeenCalledTimes(1));
  });

  it('degrades to a no-op said once in the log where libc cannot be loaded', async () => {
    const log = vi.fn();
    const trim = lazyMallocTrim(log, { platform: 'linux', glibc: '2.36', library: 'libc-that-is-not-here.so.6' });
    await trim();
    await trim();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toMatch(/malloc_trim could not be loaded/);
  });

  it('does not load anything where the libc is not glibc', async () => {
    const log = vi.fn();
    expect(await loadMallocTrim(log, { platform: 'linux', glibc: undefined, library: 'libc.so.6' })).toBeNull();
    expect(log.mock.calls[0]?.[0]).toMatch(/not on glibc/);
  });

  const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header
    ?.glibcVersionRuntime;
  it.runIf(process.platform === 'linux' && glibc)(
    "calls this system's malloc_trim without a word in the log",
    async () => {
      const log = vi.fn();
      const trim = await loadMallocTrim(log);
      expect(trim).toBeTypeOf('function');
      trim?.();
      expect(log).not.toHaveBeenCalled();
    },
  );
});
