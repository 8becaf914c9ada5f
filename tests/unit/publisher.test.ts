import { describe, expect, it } from 'vitest';
import { createPublisher } from '../../api/publish/publisher.ts';
import { FileStore } from '../../api/publish/store.ts';
import type { SiteModel } from '../../api/core/model.ts';
import { settingsFrom } from '../support/settings.ts';

/** Nothing here depends on the time; the clock is pinned all the same, as everywhere. */
const NOW = new Date('2026-11-24T10:00:00+09:00');

const model = (now: Date): SiteModel => ({
  generatedAt: now,
  updatedAt: now,
  indicator: 'none',
  groups: [],
  components: [],
  incidents: [],
  maintenances: [],
  notices: [],
});

function publisherWithCounters() {
  let loads = 0;
  const rendered: string[] = [];
  const store = new FileStore();
  const publisher = createPublisher({
    loadModel: async (now) => {
      loads++;
      await new Promise((r) => setTimeout(r, 20));
      return model(now);
    },
    render: async (path) => {
      rendered.push(path);
      return { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(`<p>${path} ${loads}</p>`) };
    },
    store,
    settings: settingsFrom(),
    now: () => NOW,
  });
  return { publisher, store, rendered, loads: () => loads };
}

describe('the publisher', () => {
  it('coalesces a burst of writes into at most two publishes and idle() waits for the last', async () => {
    const { publisher, store, loads } = publisherWithCounters();
    for (let i = 0; i < 10; i++) publisher.notify({ kind: 'incident', id: `i${i}` });
    await publisher.idle();
    expect(loads()).toBeLessThanOrEqual(2);
    expect(store.get('/incidents/i9/')?.body.toString()).toContain('/incidents/i9/');
    expect(store.get('/en/incidents/i0/')).toBeDefined();
  });

  it('renders only the pages a component change affects, not every page', async () => {
    const { publisher, rendered } = publisherWithCounters();
    publisher.notify({ kind: 'component', id: 'c1' });
    await publisher.idle();
    expect(rendered).toContain('/');
    expect(rendered).toContain('/en/');
    expect(rendered.some((p) => p.startsWith('/incidents/'))).toBe(false);
  });

  it('keeps the published files and reports the error when a publish fails', async () => {
    const store = new FileStore();
    await store.commit([{ path: '/', contentType: 'text/html', body: Buffer.from('old') }], NOW);
    const publisher = createPublisher({
      loadModel: async () => {
        throw new Error('database is down');
      },
      render: async () => ({ status: 200, contentType: 'text/html', body: Buffer.from('new') }),
      store,
      settings: settingsFrom(),
      now: () => NOW,
    });
    publisher.notify({ kind: 'component', id: 'c1' });
    await publisher.idle();
    expect((publisher.lastError as Error).message).toBe('database is down');
    expect(store.get('/')?.body.toString()).toBe('old');
  });
});
