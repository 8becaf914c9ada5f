import { loadSiteModel } from '../core/queries/site-model.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import { ensureEmptyDirectory, writeExport, type ExportReport } from '../publish/export-files.ts';
import { createPublisher } from '../publish/publisher.ts';
import { loadAstroRenderer } from '../publish/renderer.ts';
import { FileStore } from '../publish/store.ts';
import type { Config } from './config.ts';
import { startDatabase } from './database-startup.ts';
import { runContext } from './context.ts';
import { siteContent } from './site-publisher.ts';

/**
 * The disaster-recovery copy: every public file the server would publish now (pages, feeds,
 * JSON, calendars, badge, embed), rendered by the same publisher from the same database, written
 * to `dir` for any static web server. The OpenAPI document goes along, since the reference pages
 * link to it. With embedded PGlite, stop the server first: its folder is locked to one process at a
 * time, and the export refuses to start while the server holds it.
 * The whole copy is of one instant: the clock's reading when the export starts.
 */
export async function exportSite({ config, dir }: { config: Config; dir: string }): Promise<ExportReport> {
  const context = runContext(config);
  const now = context.clock.now();
  await ensureEmptyDirectory(dir);
  const database = await startDatabase(config);
  try {
    const store = new FileStore();
    const publisher = createPublisher({
      loadModel: (at) => loadSiteModel({ db: database.db, now: at }),
      render: await loadAstroRenderer(),
      store,
      now: () => now,
      limits: config.limits.publish,
      ...siteContent(context.settings),
    });
    await publisher.publishAll();
    // A copy for the day the server is gone must be whole: a page that failed is not left out quietly.
    const { failing } = publisher.status();
    if (failing.length)
      throw new Error(
        `${failing.length} of the site's files could not be rendered, so nothing was written: ${failing.map((f) => `${f.route} (${f.cause})`).join('; ')}`,
      );
    await store.commit(
      [
        {
          path: '/api/v1/openapi.json',
          contentType: 'application/json',
          body: Buffer.from(JSON.stringify(openApiDocument(context.settings))),
        },
      ],
      now,
    );
    return await writeExport(store, dir);
  } finally {
    await database.close();
  }
}
