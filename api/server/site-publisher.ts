import { siteWakeSources } from '../core/queries/assemble-site.ts';
import type { SiteSettings } from '../core/settings.ts';
import { buildDocuments } from '../publish/documents/index.ts';
import type { PublisherDeps, Scope } from '../publish/publisher.ts';
import type { PublishInput, StageSink } from '../publish/stage-sink.ts';
import type { FileInput } from '../publish/store.ts';
import type { SiteModel } from '../core/model.ts';
import type { WakeSource } from './clock.ts';
import { pageLocalsFor } from './page-locals.ts';

/**
 * What every publisher of this site is given besides its model, renderer, store and clock. The
 * server and the DR export both take it from here, so an export is what the server serves.
 */
/** The documents of a model: with a stage's sink, stored where they are built (only where they went comes back). */
export interface SiteDocuments {
  (model: SiteModel, now: Date, scope: Scope, abandoned?: AbortSignal): Promise<FileInput[]>;
  (
    model: SiteModel,
    now: Date,
    scope: Scope,
    abandoned: AbortSignal | undefined,
    sink: StageSink | undefined,
  ): Promise<PublishInput[]>;
}

export function siteContent(
  settings: SiteSettings,
): Pick<PublisherDeps, 'settings' | 'pageLocals'> & { documents: SiteDocuments } {
  return {
    settings,
    documents: ((model: SiteModel, now: Date, scope: Scope, abandoned?: AbortSignal, sink?: StageSink) =>
      buildDocuments({ model, now, siteUrl: settings.siteUrl }, scope, abandoned, sink)) as SiteDocuments,
    pageLocals: pageLocalsFor(settings),
  };
}

/** When time alone next changes a published page: the publish clock's sources, for the server and the export. */
export function wakeSources(settings: SiteSettings): WakeSource[] {
  return siteWakeSources(settings);
}
