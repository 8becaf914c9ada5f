import type { SiteSettings } from '../core/settings.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import { apiReference } from '../publish/api-reference.ts';
import type { PageLocals } from '../publish/renderer.ts';

/** What pages need besides the model and the settings: the operator API's reference, from the same document `/api/v1/openapi.json` serves. */
export function pageLocalsFor(settings: SiteSettings): Omit<PageLocals, 'model' | 'settings'> {
  return { apiReference: apiReference(openApiDocument(settings)) };
}
