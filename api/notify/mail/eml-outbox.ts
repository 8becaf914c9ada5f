import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

let written = 0;

/**
 * `20261201T072400.123Z-000001-9f3a1c.eml`: names sort by the time they were written (then by the
 * order within one process), and the random part keeps two processes from ever picking one name.
 */
export function emlName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '');
  written = (written + 1) % 1_000_000;
  return `${stamp}-${String(written).padStart(6, '0')}-${randomBytes(3).toString('hex')}.eml`;
}

/**
 * Writes one raw message into `dir` so that a reader of the folder sees it whole or not at all:
 * written and synced under a dot-name no `*.eml` glob picks up, then renamed into place.
 */
export async function writeEml(dir: string, raw: Buffer, now: Date): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = emlName(now);
  const final = path.join(dir, name);
  const temp = path.join(dir, `.${name}.tmp`);
  const file = await open(temp, 'wx');
  try {
    await file.writeFile(raw);
    await file.sync();
  } catch (e) {
    await file.close();
    await rm(temp, { force: true });
    throw e;
  }
  await file.close();
  await rename(temp, final);
  return final;
}
