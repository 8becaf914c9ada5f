import type { SiteModel } from '../../core/model.ts';
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
 * Every public file that is not an Astro page. Each area adds its builder to this list; they are
 * cheap (pure functions over the model), so all of them run on every publish.
 */
const BUILDERS: DocumentBuilder[] = [
  statuspageDocuments,
  feedDocuments,
  badgeDocuments,
  calendarDocuments,
  publicFileDocuments,
];

export async function buildDocuments(ctx: DocumentContext): Promise<FileInput[]> {
  return (await Promise.all(BUILDERS.map((b) => b(ctx)))).flat();
}
