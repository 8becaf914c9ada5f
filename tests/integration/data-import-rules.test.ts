import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportData } from '../../api/data/export.ts';
import { importData } from '../../api/data/import.ts';
import { readImportFile } from '../../api/data/read-file.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const AT = '2026-11-30T10:00:00+09:00';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/statuspage-import');

const fixture = (name: string) => readImportFile(readFileSync(path.join(FIXTURES, name), 'utf8'), { now: NOW });

describe('import-data', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase('pglite');
  });
  afterEach(() => database.close());
  const load = async (file: Awaited<ReturnType<typeof readImportFile>>, dryRun = false) =>
    importData({ database, data: file.data, dryRun, update: false, keepCatalogue: file.statuspage });
  const exported = () => exportData({ db: database.db, now: NOW, personal: false });

  it('takes a Statuspage incidents.json after its components.json, leaving the components as components.json made them', async () => {
    await load(await fixture('components.json'));
    const catalogue = (await exported()).components;
    const incidents = await load(await fixture('incidents.json'));
    // incidents.json names each component by id and name only: no reason to change, nor to refuse.
    expect(incidents.plan.kinds.components!.changed).toEqual([]);
    expect(incidents.plan.kinds.incidents!.added.length).toBeGreaterThan(0);
    const after = await exported();
    expect(after.components.filter((c) => catalogue.some((k) => k.id === c.id))).toEqual(catalogue);
    expect(after.incidents).toHaveLength(incidents.plan.kinds.incidents!.added.length);
  });

  it('points a file’s incidents at our component of the same name, whatever its id', async () => {
    const ours = await readImportFile(
      JSON.stringify({
        format: 'shirase-data',
        version: 1,
        exported_at: AT,
        components: [{ id: 'ours00000001', name: '請求書', name_en: 'Invoices', created_at: AT, updated_at: AT }],
      }),
      { now: NOW },
    );
    await load(ours);
    const theirs = await readImportFile(
      JSON.stringify({
        format: 'shirase-data',
        version: 1,
        exported_at: AT,
        components: [{ id: 'their0000001', name: 'ＩＮＶＯＩＣＥＳ', created_at: AT, updated_at: AT }],
        incidents: [
          {
            id: 'inc000000001',
            name: '請求書の遅延',
            impact: 'minor',
            detected_at: AT,
            created_at: AT,
            updated_at: AT,
            updates: [
              {
                id: 'upd000000001',
                status: 'resolved',
                body: '復旧しました。',
                created_at: AT,
                display_at: AT,
                components: { their0000001: 'operational' },
              },
            ],
          },
        ],
      }),
      { now: NOW },
    );
    const result = await load(theirs);
    expect(result.plan.matched).toEqual([
      { kind: 'components', file: 'their0000001', ours: 'ours00000001', name: 'ＩＮＶＯＩＣＥＳ' },
    ]);
    const after = await exported();
    expect(after.components.map((c) => c.id)).toEqual(['ours00000001']);
    expect(after.incidents[0]!.updates[0]!.components).toEqual({ ours00000001: 'operational' });
  });

  it('says nothing of contacts, subscribers or webhooks when the file has none', async () => {
    const dry = await load(await fixture('incidents.json'), true);
    expect(Object.keys(dry.plan.kinds)).toEqual([
      'component_groups',
      'components',
      'incidents',
      'maintenances',
      'notices',
    ]);
  });
});
