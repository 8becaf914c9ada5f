import { buildStatuspageDocuments, maintenanceInputs, STATUSPAGE_PATHS } from '../formats/statuspage/index.ts';
import { inertJson } from '../../core/text/inert-json.ts';
import type { DocumentBuilder } from './index.ts';
import { statuspagePage } from './site-identity.ts';

/**
 * The eight Statuspage-compatible `/api/v2/*.json` documents (shared/docs/statuspage-v2.md).
 * Compact, and escaped so that text cannot break out of a page that inlines them. The static
 * server adds CORS on these paths and answers HEAD and any query string like the bare GET.
 */
export const statuspageDocuments: DocumentBuilder = ({ model, now, siteUrl }) => {
  const documents = buildStatuspageDocuments(
    model,
    statuspagePage(siteUrl),
    maintenanceInputs(model.maintenances, now),
    now,
  );
  return STATUSPAGE_PATHS.map((path) => ({
    path,
    contentType: 'application/json',
    body: Buffer.from(inertJson(documents[path])),
  }));
};
