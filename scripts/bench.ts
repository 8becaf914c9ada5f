/**
 * `npm run bench`: service-level computation, published file sizes and publishing speed, as one
 * table. Exits non-zero when a bench fails. Needs the built site (`npm run build`).
 *
 * `npm run bench -- --years 5 [--database pglite|postgres] [--seed N] [--out DIR]`: instead, the
 * server on that much generated history (issue 10), with each figure beside its goal.
 *
 * `npm run bench -- --notify`: only the notification figures (issue 11), which the full run prints last.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchAvailability } from './bench/availability.ts';
import { benchHistoryServer } from './bench/history-server.ts';
import { benchNotify } from './bench/notify.ts';
import { benchPublish } from './bench/publish.ts';
import { benchSizes } from './bench/sizes.ts';

const USAGE =
  'usage: npm run bench [-- --years N [--database pglite|postgres] [--seed N] [--out DIR] [--quick]]\n' +
  '  --quick: only the cold start, the whole-history publish and 20 POSTs (no restart, export or wrk)\n' +
  '  postgres: DATABASE_URL if set (a new database in it), else a throwaway PostgreSQL cluster\n' +
  '  or: npm run bench -- --notify  (only the notification figures: 10,000 subscribers, 1,000 webhooks)';

function parseCli() {
  try {
    const { values } = parseArgs({
      options: {
        years: { type: 'string' },
        database: { type: 'string', default: 'postgres' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        quick: { type: 'boolean', default: false },
        notify: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.notify) return 'notify' as const;
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

const cli = parseCli();
const history = cli === 'notify' ? null : cli;
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

const notifications = () =>
  section('notifications (issue 11; PGlite, then PostgreSQL)', async () =>
    (await benchNotify({ log: (line) => console.error(`bench: ${line}`) })).map((f) => ({
      name: f.name,
      value: f.goal ? `${f.value} · goal ${f.goal}: ${f.met ? 'met' : 'NOT MET'}` : f.value,
    })),
  );

// One after another: they would distort each other's timings on two cores.
const sections: Section[] =
  cli === 'notify'
    ? [await notifications()]
    : [
        await section('availability', benchAvailability),
        await section('sizes', benchSizes),
        await section('publishing', benchPublish),
        await notifications(),
      ];

console.log(heading());
const width = Math.max(...sections.flatMap((s) => s.rows.map((r) => r.name.length)));
for (const s of sections) {
  console.log(`\n${s.title}\n${'-'.repeat(s.title.length)}`);
  for (const row of s.rows) console.log(`  ${row.name.padEnd(width)}  ${row.value}`);
}
// The publish bench leaves keep-alive handles to a closed server; do not wait for them.
process.exit(sections.some((s) => s.failed) ? 1 : 0);
