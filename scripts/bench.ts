/**
 * `npm run bench`: service-level computation, published file sizes and publishing speed, as one
 * table. Exits non-zero when a bench fails. Needs the built site (`npm run build`).
 *
 * `npm run bench -- --years 5 [--database pglite|postgres] [--seed N] [--out DIR]`: instead, the
 * server on that much generated history (issue 10), with each figure beside its goal.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchAvailability } from './bench/availability.ts';
import { benchHistoryServer } from './bench/history-server.ts';
import { benchPublish } from './bench/publish.ts';
import { benchSizes } from './bench/sizes.ts';

const USAGE =
  'usage: npm run bench [-- --years N [--database pglite|postgres] [--seed N] [--out DIR] [--quick]]\n' +
  '  --quick: only the cold start, the whole-history publish and 20 POSTs (no restart, export or wrk)\n' +
  '  postgres: DATABASE_URL if set (a new database in it), else a throwaway PostgreSQL cluster';

function parseCli() {
  try {
    const { values } = parseArgs({
      options: {
        years: { type: 'string' },
        database: { type: 'string', default: 'postgres' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        quick: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.years === undefined) return null;
    const years = Number(values.years);
    const seed = Number(values.seed);
    if (!(years > 0 && years <= 50))
      throw new Error(`--years must be a number of years from 0 to 50, not "${values.years}"`);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`);
    if (values.database !== 'pglite' && values.database !== 'postgres')
      throw new Error(`--database must be pglite or postgres, not "${values.database}"`);
    return { years, seed, database: values.database, out: values.out ?? null, quick: values.quick } as const;
  } catch (err) {
    console.error(`bench: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const cpus = os.cpus();
const heading = () =>
  `Shirase bench, ${new Date().toISOString()} · Node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB`;

const history = parseCli();
if (history) {
  const figures = await benchHistoryServer({ ...history, log: (line) => console.error(`bench: ${line}`) });
  console.log(heading());
  console.log('\n| figure | measured | goal | met |\n|---|---|---|---|');
  for (const f of figures)
    console.log(`| ${f.name} | ${f.value} | ${f.goal} | ${f.met === null ? '' : f.met ? 'yes' : '**no**'} |`);
  process.exit(0);
}

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

console.log(heading());
const width = Math.max(...sections.flatMap((s) => s.rows.map((r) => r.name.length)));
for (const s of sections) {
  console.log(`\n${s.title}\n${'-'.repeat(s.title.length)}`);
  for (const row of s.rows) console.log(`  ${row.name.padEnd(width)}  ${row.value}`);
}
// The publish bench leaves keep-alive handles to a closed server; do not wait for them.
process.exit(sections.some((s) => s.failed) ? 1 : 0);
