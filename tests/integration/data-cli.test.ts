import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importData } from '../../api/data/import.ts';
import { checkShiraseData } from '../../api/data/parse-file.ts';
import { CHANGES_CHANNEL } from '../../api/server/cluster-changes.ts';
import { openDatabase, dumpBlob } from '../../db/client.ts';
import { lockFolder } from '../../db/folder-lock.ts';
import { withDatabase } from '../support/global-setup.ts';
import { runScript } from '../support/run-script.ts';
import { fileWith, incident } from './data-file-fixture.ts';

describe('npm run export-data / import-data on the embedded database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-data-cli-'));
  const env = { DATA_DIR: dir, DATABASE_URL: '' };
  const pgliteDir = path.join(dir, 'pglite');
  const file = (name: string, content: string | Buffer) => {
    const at = path.join(dir, name);
    writeFileSync(at, content);
    return at;
  };
  // A migrated database with one incident, put on disk from the test dump: the CLI's own first
  // start would spend many seconds in initdb.
  beforeAll(async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const instance = await PGlite.create(pgliteDir, { loadDataDir: dumpBlob(inject('pgliteDump')) });
    const database = await openDatabase({ kind: 'pglite-instance', instance });
    const data = checkShiraseData(fileWith(incident('i00000000001', '最初の障害')));
    await importData({ database, data, dryRun: false, update: false });
    await database.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad file with the place and exit 1, and a bad command line with the usage and exit 2, before opening the database', async () => {
    const lock = lockFolder(pgliteDir);
    try {
      const control = file('bad.json', JSON.stringify(fileWith(incident('i00000000002', 'beep\u0007'))));
      expect(await runScript('import-data', [control], env)).toEqual({
        code: 1,
        stdout: '',
        stderr: 'shirase import-data: incidents[0].name: must not contain control characters\n',
      });
      const latin1 = await runScript('import-data', [file('latin1.json', Buffer.from([0x7b, 0xe9, 0x7d]))], env);
      expect(latin1).toMatchObject({ code: 1, stderr: expect.stringContaining('it is not UTF-8') });
      const usage = await runScript('import-data', [control, '--language', 'fr'], env);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/^shirase import-data: --language takes ja, en or auto\.\nusage: /);
      expect((await runScript('export-data', [], env)).code).toBe(2);
    } finally {
      lock.release();
    }
  });

  it('says the database is in use by the server, naming its pid, while another process holds it', async () => {
    const lock = lockFolder(pgliteDir);
    try {
      const refused = await runScript('import-data', [file('good.json', JSON.stringify(fileWith()))], env);
      expect(refused).toEqual({
        code: 1,
        stdout: '',
        stderr: `shirase import-data: The embedded database in ${dir} is in use by the server (pid ${process.pid}); stop it first, or run Shirase on PostgreSQL (DATABASE_URL) to import while it serves.\n`,
      });
    } finally {
      lock.release();
    }
  });

  it('dry-runs with the counts per kind and exit 0, imports, exports what it imported, and dry-runs a conflicting file with exit 1', async () => {
    const more = file(
      'more.json',
      JSON.stringify(fileWith(incident('i00000000001', '最初の障害'), incident('i00000000002', '二件目'))),
    );
    const dry = await runScript('import-data', [more, '--dry-run'], env);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain('Dry run of shirase-data: nothing was changed.');
    expect(dry.stdout).toContain('  incidents: 1 added, 0 changed, 1 left as they are\n');
    expect(dry.stdout).toContain('  added incidents: i00000000002\n');

    expect(await runScript('import-data', [more], env)).toMatchObject({ code: 0, stderr: '' });
    const out = path.join(dir, 'out.json');
    const exported = await runScript('export-data', [out], env);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    expect(exported.stderr).toContain('Exported 1 components, 2 incidents');
    const data = checkShiraseData(JSON.parse(readFileSync(out, 'utf8')));
    expect(data.incidents.map((i) => i.name)).toEqual(['最初の障害', '二件目']);

    const renamed = file('renamed.json', JSON.stringify(fileWith(incident('i00000000001', '別の件名'))));
    const refused = await runScript('import-data', [renamed, '--dry-run'], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      '  incidents: 0 added, 1 changed (refused without --update), 0 left as they are\n',
    );
    expect(refused.stderr).toMatch(/^shirase import-data: An import would be refused/);
  }, 60_000);
});

describe.skipIf(!inject('postgresUrl'))('npm run import-data on PostgreSQL', () => {
  it('imports while the server holds the database, and tells the publishing instance to republish', async () => {
    const base = inject('postgresUrl');
    const name = `shirase_data_cli_${process.pid}`;
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    const url = withDatabase(base, name);
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    try {
      const told = new Promise<string | undefined>((resolve) => listener.on('notification', (n) => resolve(n.payload)));
      await listener.query(`listen ${CHANGES_CHANNEL}`);
      const dir = mkdtempSync(path.join(tmpdir(), 'shirase-data-pg-'));
      const at = path.join(dir, 'file.json');
      writeFileSync(at, JSON.stringify(fileWith(incident('i00000000001', '障害'))));
      expect(await runScript('import-data', [at], { DATABASE_URL: url })).toMatchObject({ code: 0, stderr: '' });
      expect(await told).toBe('all');
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await listener.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
