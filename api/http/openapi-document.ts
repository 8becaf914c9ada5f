import type { Db } from '../../db/client.ts';
import type { SiteSettings } from '../core/settings.ts';
import { createApp } from './app.ts';
import { openApiConfig } from './openapi.ts';

/** The app without a database: routes only touch `db` when a request arrives, and none does here. */
const appWithoutDatabase = (settings: SiteSettings) =>
  createApp({ db: undefined as unknown as Db, now: () => new Date(0), adminToken: undefined, settings });

/**
 * The same OpenAPI 3.1 document that `/api/v1/openapi.json` serves. The publisher renders the
 * API reference pages from it; the DR export writes it beside them.
 */
export function openApiDocument(settings: SiteSettings) {
  return appWithoutDatabase(settings).getOpenAPI31Document(openApiConfig(settings.siteUrl));
}

/**
 * Every `METHOD /path` the operator API answers (OpenAPI `{id}` style), for checking that the
 * document lists them all. The app also answers the subscriber's HTML door (`/subscription/…`),
 * which is no part of the API.
 */
export function servedOperations(settings: SiteSettings): string[] {
  return appWithoutDatabase(settings)
    .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
    .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
}
