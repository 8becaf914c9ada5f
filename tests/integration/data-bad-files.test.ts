import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportData, serializeData } from '../../api/data/export.ts';
import { importData } from '../../api/data/import.ts';
import { DataFileError } from '../../api/data/parse-file.ts';
import { readImportFile } from '../../api/data/read-file.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const AT = '2026-11-30T10:00:00+09:00';

/** A small valid file: one component, an incident with two posts naming it. */
function goodFile() {
  return {
    format: 'shirase-data',
    version: 1,
    exported_at: '2026-12-01T09:00:00+09:00',
    components: [{ id: 'api000000001', name: 'API', created_at: AT, updated_at: AT }],
    incidents: [
      {
        id: 'inc000000001',
        name: 'API の遅延',
        impact: 'minor',
        detected_at: AT,
        created_at: AT,
        updated_at: AT,
        updates: [
          {
            id: 'upd000000001',
            status: 'investigating',
            body: '調査しています。',
            created_at: AT,
            display_at: AT,
            components: { api000000001: 'degraded_performance' } as Record<string, string>,
          },
          {
            id: 'upd000000002',
            status: 'resolved',
            body: '復旧しました。',
            created_at: '2026-11-30T11:00:00+09:00',
            display_at: '2026-11-30T11:00:00+09:00',
            components: { api000000001: 'operational' } as Record<string, string>,
          },
        ],
      },
    ],
  };
}

type File = ReturnType<typeof goodFile> & Record<string, unknown>;
const read = (text: string) => readImportFile(text, { now: NOW });
const withFile = (change: (f: File) => void) => {
  const f = goodFile() as File;
  change(f);
  return JSON.stringify(f);
};
const deep = (depth: number) => `{"format":"shirase-data","version":1,"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;

/** Each bad file, and the start of the sentence that must refuse it: the place, then why. */
const BAD: [string, string, string][] = [
  ['not JSON', '{"format": "shirase-data", ', '(file): not JSON'],
  ['an array instead of the file object', '[1, 2]', '(file): expected an object'],
  ['another format', withFile((f) => (f.format = 'other-data')), 'format: this is not a shirase-data file'],
  ['an unknown version', withFile((f) => (f.version = 2)), 'version: 2 is not a version this Shirase reads'],
  [
    'a dangling component reference',
    withFile((f) => (f.incidents[0]!.updates[1]!.components = { gone00000001: 'operational' })),
    'incidents[0].updates[1].components.gone00000001: Names the component gone00000001',
  ],
  ['a control character', withFile((f) => (f.incidents[0]!.name = 'API\u0007 down')), 'incidents[0].name: '],
  [
    'a bidi override (Trojan Source)',
    withFile((f) => (f.components[0]!.name = 'API \u202Edesrever')),
    'components[0].name: ',
  ],
  [
    'an over-long text',
    withFile((f) => (f.incidents[0]!.updates[0]!.body = 'あ'.repeat(20_001))),
    'incidents[0].updates[0].body: ',
  ],
  [
    'an object where a status is expected',
    withFile((f) => ((f.incidents[0]!.updates[0] as Record<string, unknown>).status = { $ne: 1 })),
    'incidents[0].updates[0].status: ',
  ],
  [
    'an unknown field',
    withFile((f) => ((f.incidents[0] as Record<string, unknown>).status = 'resolved')),
    'incidents[0]: ',
  ],
  [
    'a time without an offset',
    withFile((f) => (f.incidents[0]!.created_at = '2026-11-30T10:00:00')),
    'incidents[0].created_at: ',
  ],
  [
    'a year outside 2000–2099',
    withFile((f) => (f.incidents[0]!.detected_at = '1970-01-01T00:00:00Z')),
    'incidents[0].detected_at: ',
  ],
  ['an id that is not ours', withFile((f) => (f.incidents[0]!.id = '../../etc')), 'incidents[0].id: '],
  [
    'an id used twice',
    withFile((f) => (f.incidents[0]!.updates[1]!.id = 'upd000000001')),
    'incidents[0].updates[1].id: The update id upd000000001 appears twice',
  ],
  [
    'a maintenance window that ends before it starts',
    withFile((f) => {
      f.maintenances = [
        {
          id: 'mnt000000001',
          title: '定期メンテナンス',
          body: 'サービスを停止します。',
          scheduled_for: '2026-12-10T02:00:00+09:00',
          scheduled_until: '2026-12-10T01:00:00+09:00',
          announced_at: AT,
          created_at: AT,
          updated_at: AT,
        },
      ];
    }),
    'maintenances[0].scheduled_until: Must be after scheduled_for.',
  ],
  ['a __proto__ key', '{"format":"shirase-data","version":1,"__proto__":{"admin":true}}', '__proto__: '],
  ['JSON nested past any record', deep(100_000), '(file): '],
];

describe('import-data refuses a bad file', () => {
  let database: Database;
  let before: string;
  const state = async () => serializeData(await exportData({ db: database.db, now: NOW, personal: true }));
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    const { data } = await read(JSON.stringify(goodFile()));
    await importData({ database, data, dryRun: false, update: false });
    before = await state();
  });
  afterAll(() => database?.close());

  it.each(BAD)('with %s, in a sentence naming the place', async (_name, text, sentence) => {
    const refusal = await read(text).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(DataFileError);
    expect((refusal as Error).message.startsWith(sentence), (refusal as Error).message).toBe(true);
  });

  it('that the database refuses midway (an update id already another incident’s), changing nothing', async () => {
    const clash = goodFile();
    clash.incidents[0]!.id = 'inc000000002';
    const { data } = await read(JSON.stringify(clash));
    await expect(importData({ database, data, dryRun: false, update: false })).rejects.toThrow(
      /^The database refused the import, so nothing was changed: .*upd000000001/,
    );
    expect(await state()).toBe(before);
  });

  it('keeps template syntax and markup as the literal text of the file', async () => {
    const hostile = '{{7*7}} ${7*7} <img src=x onerror=alert(1)> ]]></script>';
    const { data } = await read(withFile((f) => (f.incidents[0]!.updates[0]!.body = hostile)));
    expect(data.incidents[0]!.updates[0]!.body).toBe(hostile);
  });
});
