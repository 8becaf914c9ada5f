import { describe, expect, it } from 'vitest';
import type { SiteModel } from '../../api/core/model.ts';
import { heapRoomHeld, startupGrowingPercent } from '../../api/publish/heap-growth.ts';
import { createPublisher, type PublisherDeps } from '../../api/publish/publisher.ts';
import { FileStore } from '../../api/publish/store.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';

const NOW = new Date('2026-11-24T10:00:00+09:00');
const model: SiteModel = {
  generatedAt: NOW,
  updatedAt: NOW,
  indicator: 'none',
  groups: [],
  components: [],
  incidents: [],
  maintenances: [],
  notices: [],
};

/** A publisher whose pages record whether the heaps had room while they rendered. */
function publisherSeeingRoom(limits: PublisherDeps['limits'] = publishLimits, pageMs = 0) {
  const seen: boolean[] = [];
  const publisher = createPublisher({
    limits,
    loadModel: async () => model,
    render: async (path) => {
      seen.push(heapRoomHeld());
      if (pageMs) await new Promise((r) => setTimeout(r, pageMs));
      return { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(`<p>${path}</p>`) };
    },
    store: new FileStore(),
    log: () => {},
    settings: settingsFrom(),
    now: () => NOW,
  });
  return { publisher, seen };
}

describe("a whole publish and V8's heaps", () => {
  it('gives the heaps room to grow while every page renders, and takes it back once published', async () => {
    const { publisher, seen } = publisherSeeingRoom();
    await publisher.publishAll();
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((held) => held)).toBe(true);
    expect(heapRoomHeld()).toBe(false);
  });

  it('leaves the heaps as they are for the few pages a change affects', async () => {
    const { publisher, seen } = publisherSeeingRoom();
    await publisher.publishAll();
    seen.length = 0;
    publisher.notify({ kind: 'incident', id: 'i1' });
    await publisher.idle();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((held) => held)).toBe(false);
  });

  it('takes the room back when a whole publish fails', async () => {
    const { publisher, seen } = publisherSeeingRoom({ ...publishLimits, publishMs: 100 }, 300);
    await expect(publisher.publishAll()).rejects.toThrow(/limit/);
    expect(seen).toContain(true);
    expect(heapRoomHeld()).toBe(false);
  });

  it("puts back the growing percent the process was started with, not V8's default", () => {
    expect(startupGrowingPercent(['--liftoff-only', '--heap-growing-percent=30'])).toBe(30);
    expect(startupGrowingPercent([], '--max-semi-space-size=4 --heap_growing_percent=40')).toBe(40);
    // The command line comes after NODE_OPTIONS, as V8 reads them.
    expect(startupGrowingPercent(['--heap-growing-percent=20'], '--heap-growing-percent=40')).toBe(20);
    expect(startupGrowingPercent(['--expose-gc'], '')).toBe(0);
  });
});
