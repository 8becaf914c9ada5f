import { openApiDocument } from '../http/openapi-document.ts';
import { apiReference } from '../publish/api-reference.ts';
import type { PageLocals } from '../publish/renderer.ts';

/** What pages need besides the model: the operator API's reference, from the same document `/api/v1/openapi.json` serves. */
export function pageLocalsFor(siteUrl: string): Omit<PageLocals, 'model' | 'siteUrl'> {
  return { apiReference: apiReference(openApiDocument(siteUrl)) };
}
