import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readBackup } from '../../api/backup/read.ts';
import { checkShiraseData } from '../../api/data/parse-file.ts';
import { waitFor, waitForText } from '../support/http.ts';
import { runScript } from '../support/run-script.ts';
import { startServer } from '../support/server.ts';
import { fileWith, incident } from './data-file-fixture.ts';
import { dumpBlob } from '../../db/client.ts';

// The production entry on the embedded database on disk (needs the built site), and the real CLIs
// beside it: they run in the server, through DATA_DIR/control.sock.
describe('the data CLIs while the server runs on the embedded database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-control-'));
  const env = { DATA_DIR: dir, DATABASE_URL: '' };
  const socket = path.join(dir, 'control.sock');
  const backups = path.join(dir, 'backups');
  let server: Awaited<ReturnType<typeof startServer>>;
  const incidentNames = async () => {
    const body = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: { name: string }[];
    };
    return body.incidents.map((i) => i.name);
  };

  beforeAll(async () => {
    // The migrated database put on disk from the suite's dump: the server's own initdb takes 15-20 s on a busy machine.
    const { PGlite } = await import('@electric-sql/pglite');
    const seeded = await PGlite.create(path.join(dir, 'pglite'), {
      loadDataDir: dumpBlob(inject('pgliteDump')),
    });
    await seeded.close();
    // Left by a server that was killed: replaced at start.
    writeFileSync(socket, '');
    server = await startServer(
      { DATA_DIR: dir, SEED_DEMO: 'never', BACKUP_TIME: 'off' },
      { clock: '2026-12-01T10:00:00+09:00' },
    );
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up, imports (dry run, then for real) and exports in the server, whose pages show the import', async () => {
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    const backup = await runScript('backup', [backups], env);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(/^Wrote .*shirase-backup-20261201T010\d{3}Z\.jsonl\.gz \(.*\), verified\.\n/);
    const [file] = readdirSync(backups);
    await readBackup(path.join(backups, file!));

    const more = path.join(dir, 'more.json');
    writeFileSync(more, JSON.stringify(fileWith(incident('i00000000001', '制御ソケット経由の障害'))));
    const dry = await runScript('import-data', [more, '--dry-run'], env);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain('Dry run of shirase-data: nothing was changed.');
    expect(dry.stdout).toContain('  added incidents: i00000000001\n');
    expect(await incidentNames()).toEqual([]);

    const imported = await runScript('import-data', [more], env);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/The server has republished the site\.\n$/);
    await waitForText(server.url, '/api/v2/incidents.json', '制御ソケット経由の障害');

    const out = path.join(dir, 'out.json');
    // A relative path means the caller's folder, not the server's.
    const exported = await runScript('export-data', ['out.json'], env, '', dir);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    expect(exported.stderr).toContain('Exported 1 components, 1 incidents');
    expect(checkShiraseData(JSON.parse(readFileSync(out, 'utf8'))).incidents.map((i) => i.name)).toEqual([
      '制御ソケット経由の障害',
    ]);
    // Its usage errors are told by the CLI itself, as without a server.
    expect(await runScript('export-data', [], env)).toMatchObject({ code: 2, stdout: '' });
  }, 30_000);

  it('restores the backup with --replace, undoing the later import, and the pages show the state again', async () => {
    const [file] = readdirSync(backups);
    const restored = await runScript('restore', [path.join(backups, file!), '--replace'], env);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(restored.stdout).toMatch(
      /^Restored [\d,]+ rows in \d+ tables from .*, replacing [\d,]+ rows\.\nThe server has republished the site from the restored data\.\n$/,
    );
    await waitFor(async () => expect(await incidentNames()).toEqual([]));
  }, 30_000);

  it('refuses a command that is not one of the data commands, and arguments that are not strings', async () => {
    const ask = (request: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        let got = '';
        const client = createConnection(socket, () => client.write(`${request}\n`));
        client.on('data', (d) => (got += d));
        client.on('error', reject);
        client.on('close', () =>
          resolve(
            got
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l)),
          ),
        );
      });
    expect(await ask('{"command":"operator","argv":[],"cwd":"/"}')).toEqual([
      { err: 'shirase: Unknown command "operator".' },
      { exit: 2 },
    ]);
    expect(await ask('{"command":"backup","argv":[{"$ne":1}],"cwd":"/"}')).toEqual([
      { err: 'shirase: argv must be a list of strings.' },
      { exit: 2 },
    ]);
  });

  it('removes its socket when it stops; the CLIs then open the database themselves', async () => {
    expect(statSync(socket).isSocket()).toBe(true);
    await server.stop();
    expect(() => statSync(socket)).toThrow();
    const backup = await runScript('backup', [backups], env);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
  }, 30_000);
});
