/**
 * Writes the public site as static files for a second location: `npm run export -- <directory>`.
 * Reads the same environment as the server (DATABASE_URL or DATA_DIR, SITE_URL…). Exits non-zero
 * with a sentence when the arguments or the configuration are wrong.
 */
import path from 'node:path';
import { loadConfig } from '../api/server/config.ts';
import { resolveDrizzleQuickly } from './resolve-hook.ts';

const USAGE = 'usage: npm run export -- <directory>   (writes the public site into a new or empty directory)';

const args = process.argv.slice(2);
if (args.length !== 1 || args[0]!.startsWith('-') || args[0]!.trim() === '') {
  console.error(
    args.length === 0
      ? `export: give the directory to write to.\n${USAGE}`
      : `export: expected one directory, got ${JSON.stringify(args)}.\n${USAGE}`,
  );
  process.exit(2);
}
const dir = path.resolve(args[0]!);
try {
  // The copy serves no API, so production's operator-token requirement does not apply to it.
  const { NODE_ENV: _, ...env } = process.env;
  resolveDrizzleQuickly();
  const { exportSite } = await import('../api/server/export-site.ts');
  const report = await exportSite({ config: loadConfig(env), dir });
  console.log(
    `exported ${report.files} files (${report.bytes} bytes, with .gz and .br beside them) to ${dir}${report.rendered ? '' : ": the server's stored output was current, nothing was rendered"}`,
  );
} catch (err) {
  console.error(`export: ${(err as Error).message}`);
  process.exit(1);
}
