import { spawn } from 'node:child_process';
import path from 'node:path';
import { npmScriptCommand } from '../../scripts/npm-script.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * `node scripts/<script>.ts …` in a child process, as `npm run <script>` runs it (its Node flags and
 * environment from package.json); resolves when it exits. `cwd`: the folder it runs in (relative
 * paths on its command line mean there), the repository's by default.
 */
export function runScript(script: string, args: string[], env: Record<string, string>, input = '', cwd = ROOT) {
  const npm = npmScriptCommand(script);
  return runCommand(process.execPath, [...npm.flags, npm.file, ...args], { ...npm.env, ...env }, input, cwd);
}

/** Any command (`npm run …`) the same way: its exit code and what it wrote, `input` on its stdin. */
export function runCommand(command: string, args: string[], env: Record<string, string>, input = '', cwd = ROOT) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}
