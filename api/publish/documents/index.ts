import type { Change } from '../../core/change.ts';
import type { SiteModel } from '../../core/model.ts';
import { documentsOnRenderThread } from '../renderer.ts';
import type { PublishInput, StageSink } from '../stage-sink.ts';
import type { FileInput } from '../store.ts';
import { calendarDocuments } from './calendars.ts';
import { badgeDocuments } from './badge.ts';
import { feedDocuments } from './feeds.ts';
import { publicFileDocuments } from './public-files.ts';
import { statuspageDocuments } from './statuspage.ts';

export interface DocumentContext {
  model: SiteModel;
  now: Date;
  siteUrl: string;
}

/** A builder of non-page public files (JSON, feeds, calendars, badges) from the model. */
export type DocumentBuilder = (ctx: DocumentContext) => FileInput[] | Promise<FileInput[]>;

/**
 * Every public file that is not an Astro page, by area, with the kinds of change that can alter
 * it: a publish builds only the areas its changes touch (a notice: the feeds; an incident: the
 * /api/v2 documents, the feeds and the badge), and every area on 'all'. An area's files are built
 * whole, so a narrowed publish writes exactly what a full one would for those paths.
 */
const AREAS: ReadonlyArray<{ build: DocumentBuilder; changedBy: ReadonlySet<Change['kind']> }> = [
  // /api/v2 shows no notice, and its page.updated_at does not count them (formats/statuspage/page.ts).
  { build: statuspageDocuments, changedBy: new Set(['incident', 'component', 'group', 'maintenance', 'clock']) },
  // Entries of incidents, maintenance and notices; a feed per component, named after it.
  { build: feedDocuments, changedBy: new Set(['incident', 'component', 'group', 'maintenance', 'notice', 'clock']) },
  // The page indicator: component statuses, unresolved incidents, maintenance in progress.
  { build: badgeDocuments, changedBy: new Set(['incident', 'component', 'group', 'maintenance', 'clock']) },
  // Maintenance windows only, one calendar per component, named after it.
  { build: calendarDocuments, changedBy: new Set(['component', 'group', 'maintenance', 'clock']) },
  // Files of the build, which no write changes.
  { build: publicFileDocuments, changedBy: new Set() },
];

/** What a publish covers: the changes since the last one, or everything (start-up, a failed build). */
export type DocumentScope = readonly Change[] | 'all';

/**
 * The documents `scope` can have changed. On the render thread that holds `ctx.model` when there is
 * one (the publisher renders a model's pages first): the builders walk the whole history, which on
 * the serving thread would hold reads back for hundreds of ms.
 */
export async function buildDocuments(
  ctx: DocumentContext,
  scope?: DocumentScope,
  abandoned?: AbortSignal,
): Promise<FileInput[]>;
export async function buildDocuments(
  ctx: DocumentContext,
  scope: DocumentScope,
  abandoned: AbortSignal | undefined,
  sink: StageSink | undefined,
): Promise<PublishInput[]>;
export async function buildDocuments(
  ctx: DocumentContext,
  scope: DocumentScope = 'all',
  /** Aborted by a caller that stopped waiting: the render thread building them is stopped. */
  abandoned?: AbortSignal,
  /** A stage's sink: the render thread stores the documents it builds, and says only where they went. */
  sink?: StageSink,
): Promise<PublishInput[]> {
  const there = documentsOnRenderThread(ctx.model, ctx.now, ctx.siteUrl, scope, abandoned, sink);
  if (there) return there;
  const areas = scope === 'all' ? AREAS : AREAS.filter((a) => scope.some((c) => a.changedBy.has(c.kind)));
  return (await Promise.all(areas.map((a) => a.build(ctx)))).flat();
}
