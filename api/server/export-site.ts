import { rm } from 'node:fs/promises';
import path from 'node:path';
import { loadSiteModel } from '../core/queries/site-model.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import { ensureEmptyDirectory, writeExport, type ExportReport } from '../publish/export-files.ts';
import { createPublisher } from '../publish/publisher.ts';
import { loadAstroRenderer } from '../publish/renderer.ts';
import { builtSiteVersion } from '../publish/site-version.ts';
import { FileStore } from '../publish/store.ts';
import { createPublishClock } from './clock.ts';
import type { Config } from './config.ts';
import { startDatabase } from './database-startup.ts';
import { runContext } from './context.ts';
import { siteContent, wakeSources } from './site-publisher.ts';

/**
 * The disaster-recovery copy: every public file the server would publish now (pages, feeds,
 * JSON, calendars, badge, embed), by the same publisher from the same database, written to `dir`
 * for any static web server: the server's stored output (`<DATA_DIR>/site`) copied as it is when
 * it was made from the same data, settings and build and no page has fallen due since, else
 * published anew into that store first. The OpenAPI document goes along, since the reference pages
 * link to it. With embedded PGlite, stop the server first: its folder is locked to one process at a
 * time, and the export refuses to start while the server holds it.
 * The whole copy is of one instant: the clock's reading when the export starts.
 */
export async function exportSite({
  config,
  dir,
}: {
  config: Config;
  dir: string;
}): Promise<ExportReport & { rendered: number }> {
  const context = runContext(config);
  const now = context.clock.now();
  await ensureEmptyDirectory(dir);
  const database = await startDatabase(config);
  let store: FileStore | null = null;
  try {
    const render = await loadAstroRenderer();
    // Only to learn until when the output stays current (it is never armed past this run's reading).
    const clock = createPublishClock({ sources: wakeSources(context.settings), notify: () => {}, now: () => now });
    const publisherOn = (target: FileStore) =>
      createPublisher({
        loadModel: async (at) => clock.observe(await loadSiteModel({ db: database.db, now: at })),
        render,
        store: target,
        now: () => now,
        limits: config.limits.publish,
        ...siteContent(context.settings),
        freshness: { site: builtSiteVersion(), validUntil: () => clock.wakeAt },
      });
    store = await openSiteStore(config);
    let report: ExportReport | null = null;
    let rendered = 0;
    if (store.isReadOnly()) {
      // A running server's output (PostgreSQL): copied if current. Should that server retire an
      // object mid-copy (two publishes meanwhile), the copy starts over, rendered here instead.
      if (await publisherOn(store).isCurrent())
        report = await writeExport(store, dir).catch(async (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
          await rm(dir, { recursive: true, force: true });
          await ensureEmptyDirectory(dir);
          return null;
        });
      if (!report) store = new FileStore(null, config.limits.publishHotBytes);
    }
    if (!report) {
      // The stored output, when made from the same data, settings and build and still current, is
      // copied as it is; otherwise the site is published anew (into the server's store if ours).
      const publisher = publisherOn(store);
      rendered = (await publisher.publishAll({ ifChanged: true })).routes;
      // A copy for the day the server is gone must be whole: a page that failed is not left out quietly.
      const { failing } = publisher.status();
      if (failing.length)
        throw new Error(
          `${failing.length} of the site's files could not be rendered, so nothing was written: ${failing.map((f) => `${f.route} (${f.cause})`).join('; ')}`,
        );
      report = await writeExport(store, dir);
    }
    clock.stop();
    // The API reference pages link to it; it is no published file of the server's, so it stays out of its store.
    const extra = new FileStore();
    await extra.commit(
      [
        {
          path: '/api/v1/openapi.json',
          contentType: 'application/json',
          body: Buffer.from(JSON.stringify(openApiDocument(context.settings))),
        },
      ],
      now,
    );
    const more = await writeExport(extra, dir);
    return { files: report.files + more.files, bytes: report.bytes + more.bytes, rendered };
  } finally {
    await store?.close();
    await database.close();
  }
}

/**
 * The server's own store (`<DATA_DIR>/site`), so that an unchanged site is copied, not rendered
 * again: to read only when a server running on PostgreSQL holds it; in memory when DATA_DIR=memory.
 */
async function openSiteStore(config: Config): Promise<FileStore> {
  const hotBytes = config.limits.publishHotBytes;
  if (config.dataDir === 'memory') return new FileStore(null, hotBytes);
  try {
    return await FileStore.open({ dir: path.join(config.dataDir, 'site'), hotBytes });
  } catch (err) {
    if (!/ is in use by /.test((err as Error).message)) throw err;
    return FileStore.openReadOnly(path.join(config.dataDir, 'site'));
  }
}
