/**
 * `npm run bench`: service-level computation, published file sizes and publishing speed, as one
 * table. Exits non-zero when a bench fails. Needs the built site (`npm run build`).
 */
import os from 'node:os';
import { benchAvailability } from './bench/availability.ts';
import { benchPublish } from './bench/publish.ts';
import { benchSizes } from './bench/sizes.ts';

type Row = { name: string; value: string };
type Section = { title: string; rows: Row[]; failed?: boolean };

async function section(title: string, run: () => Promise<Row[]>): Promise<Section> {
  try {
    return { title, rows: await run() };
  } catch (err) {
    return { title, rows: [{ name: 'failed', value: (err as Error).message.split('\n')[0]! }], failed: true };
  }
}

// One after another: they would distort each other's timings on two cores.
const sections: Section[] = [
  await section('availability', benchAvailability),
  await section('sizes', benchSizes),
  await section('publishing', benchPublish),
];

const cpus = os.cpus();
console.log(
  `Shirase bench, ${new Date().toISOString()} · Node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);
const width = Math.max(...sections.flatMap((s) => s.rows.map((r) => r.name.length)));
for (const s of sections) {
  console.log(`\n${s.title}\n${'-'.repeat(s.title.length)}`);
  for (const row of s.rows) console.log(`  ${row.name.padEnd(width)}  ${row.value}`);
}
// The publish bench leaves keep-alive handles to a closed server; do not wait for them.
process.exit(sections.some((s) => s.failed) ? 1 : 0);
