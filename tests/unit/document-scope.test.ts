import { describe, expect, it } from 'vitest';
import type { Change } from '../../api/core/change.ts';
import { buildDocuments } from '../../api/publish/documents/index.ts';
import { createPublisher, DOCUMENTS_ROUTE, type PublisherDeps } from '../../api/publish/publisher.ts';
import { FileStore } from '../../api/publish/store.ts';
import { NOW, PUBLIC_MODEL, TERMINATION } from '../fixtures/public-model.ts';
import { publishLimits, settingsFrom, TEST_SITE_URL } from '../support/settings.ts';

/**
 * The production document set behind a publisher whose pages are stand-ins; `handed` records the
 * paths each publish gave the store (one stage each), which is what a publish rebuilt.
 */
async function publishedOnce(documents?: PublisherDeps['documents']) {
  const store = new FileStore();
  const handed: string[][] = [];
  const stage = store.stage.bind(store);
  store.stage = (now) => {
    const staged = stage(now);
    const paths: string[] = [];
    handed.push(paths);
    return {
      ...staged,
      add: (input) => {
        paths.push(input.path);
        return staged.add(input);
      },
    };
  };
  const publisher = createPublisher({
    limits: publishLimits,
    loadModel: async () => PUBLIC_MODEL,
    render: async (route) => ({ status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(route) }),
    store,
    settings: settingsFrom(),
    now: () => NOW,
    log: () => {},
    documents: documents ?? ((model, now, scope) => buildDocuments({ model, now, siteUrl: TEST_SITE_URL }, scope)),
  });
  await publisher.publishAll().catch(() => {});
  /** The paths the publish of `change` handed to the store. */
  const publishChange = async (change: Change) => {
    publisher.notify(change);
    await publisher.idle();
    return handed.at(-1)!;
  };
  return { handed, publishChange, publisher };
}

const INCIDENT_JSON = ['/api/v2/summary.json', '/api/v2/incidents.json', '/api/v2/incidents/unresolved.json'];

describe('the documents a publish rebuilds', () => {
  it('rebuilds the feeds for a notice, and no /api/v2 document, badge or calendar', async () => {
    const { handed, publishChange } = await publishedOnce();
    expect(handed[0]).toEqual(expect.arrayContaining([...INCIDENT_JSON, '/badge.svg', '/calendars/maintenance.ics']));
    const paths = await publishChange({ kind: 'notice', id: TERMINATION.id });
    expect(paths).toEqual(expect.arrayContaining(['/history.rss', '/en/history.atom', '/history.json']));
    expect(paths.filter((p) => p.startsWith('/api/v2/') || p.endsWith('.svg') || p.endsWith('.ics'))).toEqual([]);
  });

  it('rebuilds the /api/v2 documents, the feeds and the badge for an incident, and no calendar', async () => {
    const { publishChange } = await publishedOnce();
    const paths = await publishChange({ kind: 'incident', id: PUBLIC_MODEL.incidents[0]!.id });
    expect(paths).toEqual(expect.arrayContaining([...INCIDENT_JSON, '/history.rss', '/badge.svg', '/en/badge.svg']));
    expect(paths.filter((p) => p.endsWith('.ics'))).toEqual([]);
  });

  it('rebuilds the calendars for a maintenance', async () => {
    const { publishChange } = await publishedOnce();
    const paths = await publishChange({ kind: 'maintenance', id: PUBLIC_MODEL.maintenances[0]!.id });
    expect(paths).toEqual(
      expect.arrayContaining(['/calendars/maintenance.ics', '/api/v2/scheduled-maintenances.json']),
    );
  });

  it('rebuilds every document on the publish after a failed build, whatever changed', async () => {
    let builds = 0;
    const { publishChange, publisher } = await publishedOnce((model, now, scope) => {
      if (builds++ === 0) throw new Error('the feed writer ran out of memory');
      return buildDocuments({ model, now, siteUrl: TEST_SITE_URL }, scope);
    });
    expect(publisher.status().failing.map((f) => f.route)).toEqual([DOCUMENTS_ROUTE]);
    const paths = await publishChange({ kind: 'notice', id: TERMINATION.id });
    expect(paths).toEqual(expect.arrayContaining([...INCIDENT_JSON, '/badge.svg', '/calendars/maintenance.ics']));
    expect(publisher.status().failing).toEqual([]);
  });
});
