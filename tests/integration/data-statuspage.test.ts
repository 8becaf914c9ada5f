import { readFileSync } from 'node:fs';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { toLocalDate } from '../../api/core/time.ts';
import { importData } from '../../api/data/import.ts';
import { readImportFile } from '../../api/data/read-file.ts';
import { describeImport } from '../../api/data/report.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';
import { publishAndServe } from '../support/published-site.ts';

// Needs the built site (scripts/test.sh runs `astro build` first).

/** The day after the saved page's last post; its upcoming maintenance is twelve days ahead. */
const NOW = new Date('2026-12-01T12:00:00+09:00');

const saved = (name: string) =>
  readFileSync(new URL(`../fixtures/statuspage-import/${name}.json`, import.meta.url), 'utf8');

interface SavedUpdate {
  id: string;
  status: string;
  body: string;
}
interface SavedIncident {
  id: string;
  name: string;
  created_at: string;
  incident_updates: SavedUpdate[];
}
const INCIDENTS: SavedIncident[] = JSON.parse(saved('incidents')).incidents;

/** The words a reader sees on a page, entities decoded and white space collapsed. */
function visibleText(html: string): string {
  let text = '';
  let hidden = 0;
  const unseen = (name: string) => name === 'style' || name === 'script';
  const parser = new Parser({
    onopentag: (name) => {
      if (unseen(name)) hidden++;
    },
    ontext: (t) => {
      if (!hidden) text += t;
    },
    onclosetag: (name) => {
      if (unseen(name)) hidden--;
      text += ' ';
    },
  });
  parser.write(html);
  parser.end();
  return text.replace(/\s+/g, ' ');
}

/** Each line of a post as a reader sees it: the fixture's Markdown is headings, bullets and links. */
const linesOf = (body: string) =>
  body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s*(#+|-) /, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);

async function importFile(database: Database, name: string, dryRun = false) {
  const { source, statuspage, data } = await readImportFile(saved(name), { now: NOW });
  const result = await importData({ database, data, dryRun, update: false, keepCatalogue: statuspage });
  return { result, report: describeImport(result, { source, dryRun, update: false }) };
}

describe('importing a saved Statuspage page into a Shirase with the demo catalogue', () => {
  let database: Database;
  let site: Awaited<ReturnType<typeof publishAndServe>>;
  const page = async (path: string) => {
    const response = await site.fetchRaw(path);
    expect(response.status, path).toBe(200);
    return response.body.toString();
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await seedDemoIfEmpty({ db: database.db, now: new Date('2026-01-05T09:00:00+09:00') });
    await importFile(database, 'incidents');
    await importFile(database, 'scheduled-maintenances');
    const model = await loadSiteModel({ db: database.db, now: NOW });
    site = await publishAndServe({ model: () => model, now: () => NOW });
  });
  afterAll(async () => {
    await site?.close();
    await database?.close();
  });

  it("publishes each incident's page, in both languages, with its title and every post", async () => {
    for (const incident of INCIDENTS)
      for (const path of [`/incidents/${incident.id}/`, `/en/incidents/${incident.id}/`]) {
        const text = visibleText(await page(path));
        expect(text, path).toContain(incident.name);
        for (const update of incident.incident_updates)
          for (const line of linesOf(update.body)) expect(text, `${path} ${update.id}`).toContain(line);
      }
  });

  it('publishes every page of the site with the imported history, the service-level pages included', async () => {
    expect(site.publisher.status().failing).toEqual([]);
    expect(visibleText(await page('/service-levels/'))).toContain('REST API');
  });

  it('lists each incident on the history page of the month it began', async () => {
    for (const incident of INCIDENTS) {
      const month = toLocalDate(new Date(incident.created_at)).slice(0, 7);
      expect(visibleText(await page(`/history/${month}/`)), month).toContain(incident.name);
    }
    expect(visibleText(await page('/'))).toContain('Delayed webhook deliveries');
  });

  it('serves them again at /api/v2/incidents.json: same ids, names, statuses, posts and affected components', async () => {
    const served: SavedIncident[] = JSON.parse(await page('/api/v2/incidents.json')).incidents;
    for (const incident of INCIDENTS) {
      const ours = served.find((i) => i.id === incident.id);
      expect(ours, incident.id).toMatchObject({ name: incident.name });
      expect(
        ours!.incident_updates.map((u) => ({ id: u.id, status: u.status, body: u.body })),
        incident.id,
      ).toEqual(incident.incident_updates.map((u) => ({ id: u.id, status: u.status, body: u.body })));
    }
    const outage = served.find((i) => i.id === 's2v6h9b4n8dk') as unknown as {
      status: string;
      incident_updates: { affected_components: { code: string; new_status: string }[] | null }[];
    };
    expect(outage.status).toBe('postmortem');
    expect(outage.incident_updates.at(-1)!.affected_components).toEqual([
      expect.objectContaining({ code: 'f2r9c4k7m0sv', new_status: 'major_outage' }),
      expect.objectContaining({ code: 'h6j1y8d3p5ne', new_status: 'partial_outage' }),
    ]);
  });

  it('serves the maintenance too: the finished one completed, the coming one scheduled', async () => {
    const served: { id: string; name: string; status: string }[] = JSON.parse(
      await page('/api/v2/scheduled-maintenances.json'),
    ).scheduled_maintenances;
    expect(served.find((m) => m.id === 'y3h7d1m5p9qz')).toMatchObject({
      name: 'Database maintenance',
      status: 'completed',
    });
    expect(served.find((m) => m.id === 'g8s2k6w0b4te')).toMatchObject({ status: 'scheduled' });
  });

  it('changes nothing when the same files are imported again: the dry run reports 0 added and 0 changed', async () => {
    for (const name of ['incidents', 'scheduled-maintenances']) {
      const { result, report } = await importFile(database, name, true);
      for (const [kind, plan] of Object.entries(result.plan.kinds)) {
        expect(plan.added, `${name} ${kind}`).toEqual([]);
        expect(plan.changed, `${name} ${kind}`).toEqual([]);
      }
      expect(report).toMatch(/incidents|maintenances/);
      expect(report).not.toMatch(/[1-9]\d* (added|changed)/);
      expect((await importFile(database, name)).result.written).toBe(false);
    }
  });
});
