import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listAudit } from '../../api/operators/audit.ts';
import { createOperator, findOperatorByEmail } from '../../api/operators/operators.ts';
import { authenticateToken, issueToken } from '../../api/operators/tokens.ts';
import { type DatabaseTarget, openDatabase, dumpBlob } from '../../db/client.ts';
import { lockFolder } from '../../db/folder-lock.ts';
import { withDatabase } from '../support/global-setup.ts';
import { runCommand, runScript } from '../support/run-script.ts';

const PASSWORD = 'correct horse 42 battery';
const ME = `cli:${userInfo().username}`;
const TEST = { operatorId: null, email: 'test', via: 'cli', ip: null } as const;

/** The real CLI in a child process, as `node scripts/operator.ts …` or `npm run operator -- …`. */
const cli = (args: string[], env: Record<string, string>, { input = '', npm = false } = {}) =>
  npm ? runCommand('npm', ['run', 'operator', '--', ...args], env, input) : runScript('operator', args, env, input);

const lastLine = (s: string) => s.trimEnd().split('\n').at(-1);

/** What the CLI left in the database, read after it exited (the embedded one takes one process at a time). */
async function inDatabase<T>(target: DatabaseTarget, read: (db: import('../../db/client.ts').Db) => Promise<T>) {
  const database = await openDatabase(target);
  try {
    return await read(database.db);
  } finally {
    await database.close();
  }
}

describe('npm run operator on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shirase-operator-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
  const target: DatabaseTarget = { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
  let viewerToken: string;
  // The migrated database the other tests start from, put on disk: the CLI's own first start would
  // spend 15-20 s in initdb on a busy machine. Its migrate() then has nothing to do.
  beforeAll(async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const seeded = await PGlite.create(target.dataDir!, {
      loadDataDir: dumpBlob(inject('pgliteDump')),
    });
    const database = await openDatabase({ kind: 'pglite-instance', instance: seeded });
    // Someone for the CLI to disable, with a token that must stop working.
    const now = new Date();
    const { id } = await createOperator({
      db: database.db,
      now,
      input: { email: 'v@example.jp', role: 'viewer' },
      actor: TEST,
    });
    viewerToken = (await issueToken({ db: database.db, now, operatorId: id, actor: TEST })).token;
    await database.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a weak password and a missing email with one sentence, before touching the database', async () => {
    const weak = await cli(['create', 'admin@example.jp', '--role', 'admin'], env, { input: 'short\n' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toBe('shirase operator: The password must be at least 12 characters long.\n');
    const usage = await cli(['create', '--role', 'admin'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(
      /^shirase operator: create takes one email\.\nusage:\n {2}npm run operator -- create <email>/,
    );
  });

  it('creates an admin from a password on stdin, prints a token alone on the last line, and disables an operator, each in the audit log', async () => {
    const created = await cli(['create', 'Admin@Example.jp', '--role', 'admin', '--name', '管理者'], env, {
      input: `${PASSWORD}\n`,
    });
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const token = await cli(['token', 'admin@example.jp', '--scopes', 'read,incidents', '--expires-days', '7'], env, {
      npm: true,
    });
    expect(token.code).toBe(0);
    const issued = lastLine(token.stdout)!;
    expect(issued).toMatch(/^shirase_[A-Za-z0-9_-]{43}$/);
    expect(await cli(['disable', 'V@example.jp'], env)).toMatchObject({ code: 0, stderr: '' });
    await inDatabase(target, async (db) => {
      const now = new Date();
      expect(await authenticateToken({ db, now, token: issued })).toMatchObject({ scopes: ['read', 'incidents'] });
      expect(await authenticateToken({ db, now, token: viewerToken })).toMatchObject({ failure: 'disabled' });
      expect((await findOperatorByEmail(db, 'admin@example.jp'))?.name).toBe('管理者');
      const rows = (await listAudit(db, { limit: 10 })).filter((r) => r.via === 'cli' && r.actor === ME);
      expect(rows.map((r) => r.action)).toEqual(['cli: operator disable', 'cli: token issue', 'cli: operator create']);
    });
  }, 90_000);

  it('says the embedded database is in use by the server, naming its pid, while another process holds it', async () => {
    const lock = lockFolder(target.dataDir!);
    try {
      const refused = await cli(['list'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        `shirase operator: The embedded database in ${dataDir} is in use by the server (pid ${process.pid}); stop it first, or run Shirase on PostgreSQL (DATABASE_URL) to manage operators while it serves.\n`,
      );
    } finally {
      lock.release();
    }
  });
});

describe.skipIf(!inject('postgresUrl'))('npm run operator on PostgreSQL', () => {
  it('creates an admin and issues a token while another connection holds the database', async () => {
    const base = inject('postgresUrl');
    const name = `shirase_cli_${process.pid}`;
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    const url = withDatabase(base, name);
    const target: DatabaseTarget = { kind: 'postgres', url };
    // The server's pool, as it would be while serving.
    const serving = await openDatabase(target);
    try {
      const env = { DATABASE_URL: url };
      expect(
        await cli(['create', 'admin@example.jp', '--role', 'admin'], env, { input: `${PASSWORD}\n` }),
      ).toMatchObject({ code: 0 });
      const token = lastLine((await cli(['token', 'admin@example.jp'], env)).stdout)!;
      expect(await authenticateToken({ db: serving.db, now: new Date(), token })).toHaveProperty(
        'operator.email',
        'admin@example.jp',
      );
    } finally {
      await serving.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
