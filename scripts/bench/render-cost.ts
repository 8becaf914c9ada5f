/**
 * The CPU the render costs, on one thread, without the store or the worker thread: every page of a
 * history, and what a new incident renders and builds (its affected pages and its documents).
 *
 *   node scripts/bench/render-cost.ts --db <PGlite folder | postgres://…> [--at <ISO instant>] [--out <dir>] [--post [--posts N]]
 *
 * The PGlite folder is copied to a temporary one first (never opened in place). `--out` writes
 * every body under <dir>/all/ (and <dir>/post/ with `--post`) to diff two trees of code against
 * each other. `--posts N` publishes N new incidents one after another (CPU of each);
 * `--profile <file>` writes a CPU profile of the first one's pages and documents. `--demo <folder>` creates a PGlite folder holding the demo history at `--at` instead.
 * Run with `node --cpu-prof` to see where the time goes. Needs `astro build` first.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/client.ts';
import { incidents, incidentUpdateComponents, incidentUpdates } from '../../db/schema/index.ts';
import { seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { seedDemoHistory } from '../../api/core/commands/seed-demo-history.ts';
import { createSiteModelLoader } from '../../api/core/queries/site-model.ts';
import { loadConfig } from '../../api/server/config.ts';
import { siteContent } from '../../api/server/site-publisher.ts';
import type { PageLocals } from '../../api/publish/renderer.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { affectedPageRoutes, allPageRoutes } from '../../api/publish/routes.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    demo: { type: 'string' },
    at: { type: 'string', default: '2026-12-01T00:00:00Z' },
    out: { type: 'string' },
    post: { type: 'boolean', default: false },
    skipAll: { type: 'boolean', default: false },
    /** Renders every page this many times. */
    repeat: { type: 'string', default: '1' },
    /** With --post: this many new incidents, one after another. */
    posts: { type: 'string', default: '1' },
    /** Writes a CPU profile of the first new incident's pages and documents alone to this file. */
    profile: { type: 'string' },
  },
});
const at = new Date(args.at!);
const config = loadConfig({ DATA_DIR: 'memory', SITE_URL: 'https://status.example.jp' });
const settings = config.settings;

if (args.demo) {
  const database = await openDatabase({ kind: 'pglite', dataDir: args.demo });
  await database.migrate();
  await seedDemoIfEmpty({ db: database.db, now: at });
  await seedDemoHistory({
    db: database.db,
    now: at,
    policy: settings.leadTimePolicy,
    intervalMinutes: settings.serviceLevels.updateIntervalMinutes,
  });
  await database.close();
  console.log(`demo history at ${at.toISOString()} in ${args.demo}`);
  process.exit(0);
}
if (!args.db) throw new Error('give --db <PGlite folder> (copied first) or --demo <new folder>');

const work = mkdtempSync(path.join(tmpdir(), 'render-cost-'));
const dataDir = path.join(work, 'pglite');
// A PostgreSQL URL is used as it is (--post then writes into it); a PGlite folder is copied first.
const onPostgres = args.db.startsWith('postgres://') || args.db.startsWith('postgresql://');
if (!onPostgres) cpSync(args.db, dataDir, { recursive: true });
const database = await openDatabase(onPostgres ? { kind: 'postgres', url: args.db } : { kind: 'pglite', dataDir });
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return Math.round((u.user + u.system) / 1000);
};
try {
  await database.migrate();
  const content = siteContent(settings);
  const render = await loadAstroRenderer({ inProcess: true });
  const load = createSiteModelLoader(() => database.db);
  const write = (dir: string, route: string, body: Buffer) => {
    const file = path.join(dir, route.endsWith('/') ? `${route}index.html` : route);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
  };

  const model = await load(at, 'all');
  const locals: PageLocals = { ...content.pageLocals, model, settings };
  const routes = allPageRoutes(model);
  console.log(`${model.incidents.length} incidents, ${routes.length} pages`);
  // The first page loads the modules and warms the JIT: not part of the cost per page.
  await render('/', locals);
  if (!args.skipAll)
    for (let r = 0; r < Number(args.repeat); r++) {
      const t = process.cpuUsage();
      const w = performance.now();
      for (const route of routes) {
        const out = await render(route === '/404.html' ? '/404' : route, locals);
        if (args.out && r === 0) write(path.join(args.out, 'all'), route, out.body);
      }
      console.log(`all pages: ${cpuMs(t)} ms CPU, ${Math.round(performance.now() - w)} ms wall`);
      const d = process.cpuUsage();
      const docs = await content.documents!(model, at, 'all');
      console.log(`all documents: ${cpuMs(d)} ms CPU (${docs.length} files)`);
      if (args.out && r === 0) for (const f of docs) write(path.join(args.out, 'all'), f.path, f.body);
    }

  if (args.post) {
    // What POST /api/v1/incidents writes, with fixed ids so that two runs write the same bytes; with
    // --repeat, one new incident a minute, each published as the server would (patched model).
    const components = model.components.slice(0, 2).map((c) => c.id);
    const postIncident = async (id: string, updateId: string, now: Date) =>
      database.db.transaction(async (tx) => {
        await tx.insert(incidents).values({
          id,
          name: 'ベンチマーク障害',
          nameEn: 'Bench incident',
          impact: 'major',
          detectedAt: now,
          createdAt: now,
          updatedAt: now,
          nextUpdateAt: null,
        });
        await tx.insert(incidentUpdates).values({
          id: updateId,
          incidentId: id,
          status: 'investigating',
          body: '計測用',
          bodyEn: 'For the bench',
          createdAt: now,
          displayAt: now,
          nextUpdateAt: null,
        });
        await tx
          .insert(incidentUpdateComponents)
          .values(components.map((componentId) => ({ updateId, componentId, status: 'partial_outage' as const })));
      });
    for (let r = 0; r < Number(args.posts); r++) {
      const now = new Date(at.getTime() + (r + 1) * 60_000);
      const id = r === 0 ? 'benchincident' : `benchincident${r}`;
      await postIncident(id, r === 0 ? 'benchupdate1' : `${id}u`, now);
      const scope = [{ kind: 'incident' as const, id }];
      const m = process.cpuUsage();
      const after = await load(now, scope);
      const modelMs = cpuMs(m);
      const session = args.profile && r === 0 ? new Session() : null;
      session?.connect();
      await session?.post('Profiler.enable');
      await session?.post('Profiler.start');
      const t = process.cpuUsage();
      const affected = affectedPageRoutes(scope, after);
      const postLocals: PageLocals = { ...content.pageLocals, model: after, settings };
      const times: Array<[string, number]> = [];
      for (const route of affected) {
        const p = process.cpuUsage();
        const out = await render(route === '/404.html' ? '/404' : route, postLocals);
        const used = process.cpuUsage(p);
        times.push([route, (used.user + used.system) / 1000]);
        if (args.out && r === 0) write(path.join(args.out, 'post'), route, out.body);
      }
      const pagesMs = cpuMs(t);
      const d = process.cpuUsage();
      const docs = await content.documents!(after, now, scope);
      const docsMs = cpuMs(d);
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(args.profile!, JSON.stringify(profile));
        session.disconnect();
      }
      if (args.out && r === 0) for (const f of docs) write(path.join(args.out, 'post'), f.path, f.body);
      console.log(
        `new incident: model ${modelMs} ms, ${affected.length} pages ${pagesMs} ms CPU, ${docs.length} documents ${docsMs} ms CPU`,
      );
      if (r === 0)
        console.log(
          times
            .sort((a, b) => b[1] - a[1])
            .slice(0, 12)
            .map(([route, ms]) => `  ${route} ${ms.toFixed(1)} ms CPU`)
            .join('\n'),
        );
    }
  }
} finally {
  await database.close();
  rmSync(work, { recursive: true, force: true });
}
