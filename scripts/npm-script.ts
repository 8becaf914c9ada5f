/**
 * How package.json's script runs its file (`env MALLOC_ARENA_MAX=2 … node --liftoff-only … scripts/x.ts`):
 * the environment it sets before `node` (glibc reads it at start) and Node's flags. The bench and the
 * tests start the server and the CLIs with these, so that they run what users run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface NpmScriptCommand {
  env: Record<string, string>;
  flags: string[];
  /** The file it runs, absolute. */
  file: string;
}

const read = new Map<string, NpmScriptCommand>();

export function npmScriptCommand(script: string, root = path.resolve(import.meta.dirname, '..')): NpmScriptCommand {
  const key = `${root}\0${script}`;
  const known = read.get(key);
  if (known) return known;
  const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
  const command = scripts[script];
  if (command === undefined) throw new Error(`package.json has no script "${script}"`);
  const words = command.split(/\s+/).filter(Boolean);
  const node = words.indexOf('node');
  if (node < 0) throw new Error(`package.json's "${script}" script does not run node: ${command}`);
  const env = Object.fromEntries(
    words
      .slice(0, node)
      .flatMap((word) =>
        /^[A-Z_][A-Z0-9_]*=/.test(word) ? [word.split(/=(.*)/s).slice(0, 2) as [string, string]] : [],
      ),
  );
  const flags = words.slice(node + 1).filter((word) => word.startsWith('--'));
  const file = words.slice(node + 1).find((word) => !word.startsWith('--'));
  if (!file) throw new Error(`package.json's "${script}" script names no file: ${command}`);
  const found = { env, flags, file: path.join(root, file) };
  read.set(key, found);
  return found;
}
