import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileInput } from '../store.ts';
import type { DocumentBuilder } from './index.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));

/** Only the kinds of file public/ holds: a new kind must be named here rather than served untyped. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

let files: FileInput[] | null = null;

function readPublicFiles(): FileInput[] {
  return readdirSync(PUBLIC_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const contentType = CONTENT_TYPES[path.extname(entry.name).toLowerCase()];
      if (!contentType) throw new Error(`public/: no content type is known for ${entry.name}; add its extension`);
      const urlPath = `/${path.relative(PUBLIC_DIR, file).split(path.sep).join('/')}`;
      return { path: urlPath, contentType, body: readFileSync(file) };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Every file under public/ at its own path (the icons, the service-level pages' one script), read
 * once: the server answers from the published store only, where Astro's copy in dist/ never goes.
 */
export const publicFileDocuments: DocumentBuilder = () => {
  files ??= readPublicFiles();
  return files;
};
