import type { Db } from '../../db/client.ts';
import type { SiteModel } from '../core/model.ts';
import { loadSiteModel } from '../core/queries/site-model.ts';
import { buildDocuments } from '../publish/documents/index.ts';
import type { PublisherDeps } from '../publish/publisher.ts';
import type { Config } from './config.ts';
import { pageLocalsFor } from './page-locals.ts';

/** The model pages and documents are built from. The server and the DR export both read it here, so an export is what the server serves. */
export async function loadPublishedModel(config: Config, db: Db, now: Date): Promise<SiteModel> {
  return {
    ...(await loadSiteModel({ db, now, leadTimePolicy: config.maintenance.leadTimePolicy })),
    serviceLevelSettings: config.serviceLevels,
    standingWindow: config.maintenance.standingWindow,
  };
}

/** What every publisher of this site is given besides its model, renderer, store and clock. */
export function siteContent(config: Config): Pick<PublisherDeps, 'siteUrl' | 'documents' | 'pageLocals'> {
  return {
    siteUrl: config.siteUrl,
    documents: (model, now) => buildDocuments({ model, now, siteUrl: config.siteUrl }),
    pageLocals: pageLocalsFor(config.siteUrl),
  };
}
