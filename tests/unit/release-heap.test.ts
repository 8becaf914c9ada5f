import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heapAndMallocTrim } from '../../api/server/memory-trim.ts';

/**
 * In a process of its own (the test runner's heap is whatever the other files left it): keeps one
 * object in fifty of ~60 MiB it allocates, then reports its committed heap after each collection.
 */
const PROBE = `
import { releaseHeap } from ${JSON.stringify(path.resolve('api/publish/release-heap.ts'))};
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
const kept = [];
for (let round = 0; round < 5; round++) {
  const all = [];
  for (let i = 0; i < 400_000; i++) all.push({ i, s: 'x' + i, pair: [i, i + 1] });
  kept.push(all.filter((_, j) => j % 50 === 0));
}
const committed = () => process.memoryUsage().heapTotal;
const grown = committed();
setFlagsFromString('--expose-gc');
runInNewContext('gc')();
const plain = committed();
releaseHeap();
console.log(JSON.stringify({ grown, plain, released: committed(), kept: kept.length }));
`;

describe('giving a thread’s heap back once it is idle', () => {
  it('hands back the pages a plain full collection keeps: the heap shrinks to what is live', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', PROBE], { encoding: 'utf8' });
    const { grown, plain, released } = JSON.parse(out) as { grown: number; plain: number; released: number };
    const MiB = 2 ** 20;
    const said = `committed heap: ${Math.round(grown / MiB)} MiB grown, ${Math.round(plain / MiB)} after gc(), ${Math.round(released / MiB)} after releaseHeap()`;
    // ~70 MiB grown for ~8 MiB live: a plain collection keeps most of the pages, releaseHeap does not.
    expect(grown, said).toBeGreaterThan(40 * MiB);
    expect(released, said).toBeLessThan(plain / 2);
    expect(released, said).toBeLessThan(24 * MiB);
  });

  it('collects the main thread’s heap before trimming glibc’s arenas, which that collection frees into', async () => {
    const order: string[] = [];
    await heapAndMallocTrim(
      async () => void order.push('malloc_trim'),
      () => void order.push('heap'),
    )();
    expect(order).toEqual(['heap', 'malloc_trim']);
  });
});
