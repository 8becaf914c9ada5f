import { readFileSync } from 'node:fs';
import type { DocumentBuilder } from './index.ts';

const SERVICE_LEVELS_SCRIPT_PATH = '/assets/service-levels.js';
const SOURCE = new URL('../../../public/assets/service-levels.js', import.meta.url);

let script: Buffer | null = null;

/**
 * The one same-origin script of the service-level pages (the CSP allows only 'self'), read once.
 * It is progressive enhancement: pages say everything without it.
 */
export const serviceLevelDocuments: DocumentBuilder = () => {
  script ??= readFileSync(SOURCE);
  return [{ path: SERVICE_LEVELS_SCRIPT_PATH, contentType: 'text/javascript; charset=utf-8', body: script }];
};
