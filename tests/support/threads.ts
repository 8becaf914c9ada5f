import { readFileSync } from 'node:fs';

/** A thread's nice value: field 19 of its /proc stat line (after the parenthesised name, which may hold spaces). */
export function niceOf(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}
