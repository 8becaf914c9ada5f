import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exportData, serializeData } from '../../api/data/export.ts';
import { importData } from '../../api/data/import.ts';
import { checkShiraseData, DataFileError } from '../../api/data/parse-file.ts';
import { SCHEMA_FILE } from '../../api/data/json-schema.ts';
import type { Database } from '../../db/client.ts';
import { incidents } from '../../db/schema/index.ts';
import { type DbKind, openTestDatabase } from '../support/db.ts';
import { populate, SECRETS } from './data-fixture.ts';

const EXPORTED_AT = new Date('2026-12-01T09:00:00+09:00');
const LATER = new Date('2026-12-02T09:00:00+09:00');

/** The export of `database` as its file's text, at a pinned time. */
const exported = async (database: Database, at = EXPORTED_AT, personal = true) =>
  serializeData(await exportData({ db: database.db, now: at, personal }));

const populated = await openTestDatabase('pglite');
let file: string;
beforeAll(async () => {
  await populate(populated.db);
  file = await exported(populated);
}, 60_000);
afterAll(() => populated.close());

describe('export-data', () => {
  it('writes the same bytes for unchanged data, apart from exported_at', async () => {
    const again = await exported(populated, LATER);
    expect(again).toBe(file.replace('2026-12-01T09:00:00.000+09:00', '2026-12-02T09:00:00.000+09:00'));
  });

  it('holds every kind of status record, and the personal ones only when asked', async () => {
    const data = JSON.parse(file);
    expect(data).toMatchObject({ format: 'shirase-data', version: 1, exported_at: '2026-12-01T09:00:00.000+09:00' });
    for (const kind of ['components', 'component_groups', 'incidents', 'maintenances', 'notices'])
      expect(data[kind].length, kind).toBeGreaterThan(0);
    expect(data.incidents.some((i: { edits: unknown[] }) => i.edits.length)).toBe(true);
    expect(data.maintenances.some((m: { history: unknown[] }) => m.history.length)).toBe(true);
    expect(data.notices.some((n: { history: unknown[] }) => n.history.length)).toBe(true);
    // A pending sign-up's only use is its confirmation link, whose token the file cannot carry.
    expect(data.subscribers.map((s: { email: string }) => s.email)).toEqual(['reader@example.jp']);
    expect(data.contacts).toHaveLength(1);
    expect(data.webhooks).toHaveLength(1);
    const without = JSON.parse(await exported(populated, EXPORTED_AT, false));
    expect(Object.keys(without)).not.toContain('contacts');
    expect(JSON.stringify(without)).not.toContain('example.jp"');
  });

  it('never carries an operator, a password or token hash, or a webhook secret', () => {
    for (const leak of [SECRETS.webhook, 'whsec_', '$argon2', 'ops@example.jp', 'token_hash', SECRETS.password])
      expect(file, leak).not.toContain(leak);
  });

  it('is valid against the committed JSON Schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    expect(validate(JSON.parse(file)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
});

const kinds: DbKind[] = inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];

describe.each(kinds)('import-data into %s', (kind) => {
  let target: Database;
  beforeAll(async () => {
    target = await openTestDatabase(kind);
  });
  afterAll(() => target?.close());
  const run = (options: { dryRun?: boolean; update?: boolean } = {}) =>
    importData({
      database: target,
      data: checkShiraseData(JSON.parse(file)),
      dryRun: options.dryRun ?? false,
      update: options.update ?? false,
    });

  // One story, in order: the target starts empty and each step builds on the last.
  it('dry-runs, imports, re-imports as a no-op and refuses a record changed since, then replaces it when asked', async () => {
    const empty = await exported(target);

    const dry = await run({ dryRun: true });
    expect(dry.written).toBe(false);
    const data = JSON.parse(file);
    expect(dry.plan.kinds.incidents).toEqual({
      added: data.incidents.map((i: { id: string }) => i.id),
      changed: [],
      unchanged: [],
    });
    expect(dry.plan.kinds.webhooks?.added).toEqual(['hook00000001']);
    expect(await exported(target), 'a dry run changed the database').toBe(empty);

    const first = await run();
    expect(first.written).toBe(true);
    expect(first.webhookSecrets.map((w) => w.id)).toEqual(['hook00000001']);
    expect(first.webhookSecrets[0]!.secret).not.toBe(SECRETS.webhook);
    expect(await exported(target), 'the round trip changed something').toBe(file);

    const again = await run();
    expect(again.written).toBe(false);
    expect(again.plan.kinds.incidents!.added).toEqual([]);
    expect(again.plan.kinds.incidents!.unchanged).toHaveLength(data.incidents.length);
    expect(await exported(target)).toBe(file);

    const corrected = data.incidents[0].id as string;
    await target.db.update(incidents).set({ name: 'ここで訂正した件名' }).where(eq(incidents.id, corrected));
    const before = await exported(target);
    await expect(run()).rejects.toThrow(DataFileError);
    await expect(run()).rejects.toThrow(`incidents: ${corrected}`);
    expect(await exported(target), 'a refused import changed something').toBe(before);
    expect((await run({ dryRun: true })).plan.kinds.incidents!.changed).toEqual([corrected]);

    const replaced = await run({ update: true });
    expect(replaced.plan.kinds.incidents!.changed).toEqual([corrected]);
    expect(await exported(target)).toBe(file);
  }, 60_000);
});
