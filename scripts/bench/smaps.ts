/**
 * Where a process's resident memory is, by kind of mapping, read from /proc/PID/smaps. The kinds are
 * told apart by where the kernel put them (no allocator says which mapping is its own):
 * - V8's heap pages: anonymous, at the randomised addresses V8 asks for, below the mmap area;
 * - V8's compiled code: anonymous and executable (its code range, wherever it lies);
 * - glibc's thread arenas: anonymous, in the mmap area, starting on a 64 MiB boundary (HEAP_MAX_SIZE);
 * - glibc's main arena: `[heap]` (brk);
 * - other anonymous memory in the mmap area: malloc's large blocks (above its mmap threshold), thread
 *   stacks, WebAssembly memories, V8's code space when the kernel placed it there;
 * - the `node` binary and other files (shared libraries, the compile cache).
 */
import { readFileSync } from 'node:fs';

export type SmapsKind =
  | 'v8 heap pages'
  | 'v8 code'
  | 'glibc thread arenas'
  | 'glibc main arena'
  | 'other anonymous'
  | 'node binary'
  | 'other files';

/** The mmap area of x86-64 Linux (below 2^47, growing down from ~0x7fff…). */
const MMAP_AREA = 0x7f00_0000_0000;
const ARENA_ALIGN = 64 * 2 ** 20;

export function smapsBreakdown(pid: number): { kinds: Record<SmapsKind, number>; rss: number } {
  const kinds: Record<SmapsKind, number> = {
    'v8 heap pages': 0,
    'v8 code': 0,
    'glibc thread arenas': 0,
    'glibc main arena': 0,
    'other anonymous': 0,
    'node binary': 0,
    'other files': 0,
  };
  let kind: SmapsKind = 'other files';
  let rss = 0;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^([0-9a-f]+)-[0-9a-f]+ (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (mapping) {
      const start = Number.parseInt(mapping[1]!, 16);
      const executable = mapping[2]!.includes('x');
      const name = mapping[4]!;
      if (name === '[heap]') kind = 'glibc main arena';
      else if (name.endsWith('/node')) kind = 'node binary';
      else if (name !== '' && !name.startsWith('[anon'))
        kind = name.startsWith('[') ? 'other anonymous' : 'other files';
      else if (executable) kind = 'v8 code';
      else if (start < MMAP_AREA) kind = 'v8 heap pages';
      else if (start % ARENA_ALIGN === 0) kind = 'glibc thread arenas';
      else kind = 'other anonymous';
      continue;
    }
    const kb = /^Rss:\s+(\d+) kB/.exec(line);
    if (kb) {
      kinds[kind] += Number(kb[1]) * 1024;
      rss += Number(kb[1]) * 1024;
    }
  }
  return { kinds, rss };
}

export function formatBreakdown({ kinds, rss }: ReturnType<typeof smapsBreakdown>): string {
  const mib = (n: number) => `${Math.round(n / 2 ** 20)}`;
  return `${Object.entries(kinds)
    .map(([k, v]) => `${k} ${mib(v)}`)
    .join(', ')} (of ${mib(rss)} MiB)`;
}
