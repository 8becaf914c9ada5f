import { openDatabase, targetFromEnv } from '../../db/client.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import { ensureEmptyDirectory, writeExport, type ExportReport } from '../publish/export-files.ts';
import { createPublisher } from '../publish/publisher.ts';
import { loadAstroRenderer } from '../publish/renderer.ts';
import { FileStore } from '../publish/store.ts';
import type { Config } from './config.ts';
import { loadPublishedModel, siteContent } from './site-publisher.ts';

/**
 * The disaster-recovery copy: every public file the server would publish now (pages, feeds,
 * JSON, calendars, badge, embed), rendered by the same publisher from the same database, written
 * to `dir` for any static web server. The OpenAPI document goes along, since the reference pages
 * link to it. With embedded PGlite, stop the server first: its files take one process at a time.
 */
export async function exportSite({
  config,
  dir,
  now = new Date(),
}: {
  config: Config;
  dir: string;
  now?: Date;
}): Promise<ExportReport> {
  await ensureEmptyDirectory(dir);
  const database = await openDatabase(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : targetFromEnv({ DATA_DIR: config.dataDir }),
  );
  try {
    await database.migrate();
    const store = new FileStore();
    const publisher = createPublisher({
      loadModel: (at) => loadPublishedModel(config, database.db, at),
      render: await loadAstroRenderer(),
      store,
      now: () => now,
      ...siteContent(config),
    });
    await publisher.publishAll();
    await store.commit(
      [
        {
          path: '/api/v1/openapi.json',
          contentType: 'application/json',
          body: Buffer.from(JSON.stringify(openApiDocument(config.siteUrl))),
        },
      ],
      now,
    );
    return await writeExport(store.all(), dir);
  } finally {
    await database.close();
  }
}
