/**
 * `npm run bench`: how long service-level figures, file sizes and publishing take, as a table.
 * The size and publish benches belong to other areas and run when their files exist. Exits
 * non-zero when a bench fails.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { benchAvailability } from './bench/availability.ts';

type Row = { name: string; value: string };
type Section = { title: string; rows: Row[]; failed?: boolean };

const OPTIONAL = [
  { title: 'sizes', file: './bench/sizes.ts', run: 'benchSizes' },
  { title: 'publishing', file: './bench/publish.ts', run: 'benchPublish' },
] as const;

async function section(title: string, run: () => Promise<Row[]>): Promise<Section> {
  try {
    return { title, rows: await run() };
  } catch (err) {
    return { title, rows: [{ name: 'failed', value: (err as Error).message.split('\n')[0]! }], failed: true };
  }
}

const sections: Section[] = [await section('availability', benchAvailability)];
for (const bench of OPTIONAL) {
  const url = new URL(bench.file, import.meta.url);
  if (!existsSync(url)) {
    sections.push({ title: bench.title, rows: [{ name: 'skipped', value: `${bench.file.slice(2)} does not exist` }] });
    continue;
  }
  sections.push(
    await section(bench.title, async () => {
      const module = (await import(url.href)) as Record<string, unknown>;
      const run = module[bench.run];
      if (typeof run !== 'function') throw new Error(`${bench.file} does not export ${bench.run}()`);
      return (await run()) as Row[];
    }),
  );
}

const cpus = os.cpus();
console.log(`Shirase bench, ${new Date().toISOString()} · Node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
const width = Math.max(...sections.flatMap((s) => s.rows.map((r) => r.name.length)));
for (const s of sections) {
  console.log(`\n${s.title}\n${'-'.repeat(s.title.length)}`);
  for (const row of s.rows) console.log(`  ${row.name.padEnd(width)}  ${row.value}`);
}
// The publish bench leaves keep-alive handles to a closed server; do not wait for them.
process.exit(sections.some((s) => s.failed) ? 1 : 0);
