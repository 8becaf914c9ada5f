import type { Db } from '../../db/client.ts';
import { createApp } from './app.ts';
import { openApiConfig } from './openapi.ts';

/** The app without a database: routes only touch `db` when a request arrives, and none does here. */
const appWithoutDatabase = (siteUrl: string) =>
  createApp({ db: undefined as unknown as Db, now: () => new Date(0), adminToken: undefined, siteUrl });

/**
 * The same OpenAPI 3.1 document that `/api/v1/openapi.json` serves. The publisher renders the
 * API reference pages from it; the DR export writes it beside them.
 */
export function openApiDocument(siteUrl: string) {
  return appWithoutDatabase(siteUrl).getOpenAPI31Document(openApiConfig(siteUrl));
}

/** Every `METHOD /path` the app answers (OpenAPI `{id}` style), for checking that the document lists them all. */
export function servedOperations(siteUrl: string): string[] {
  return appWithoutDatabase(siteUrl)
    .routes.filter((r) => r.method !== 'ALL')
    .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
}
