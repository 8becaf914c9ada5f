import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createComponent } from '../../api/core/commands/components.ts';
import { createIncident } from '../../api/core/commands/create-incident.ts';
import { registerContact } from '../../api/notify/recipients/contacts.ts';
import { openDatabase } from '../../db/client.ts';
import { withDatabase } from '../support/global-setup.ts';

const CHILD = path.join(import.meta.dirname, '../support/notify-outbox-child.ts');
const T0 = new Date('2026-11-28T10:00:00+09:00');
const RECIPIENTS = 24;
const KILL_AFTER = 9;

/** Where the worker's database lives: a PGlite folder, or a database of its own on the test PostgreSQL. */
interface Place {
  target: string;
  open(): ReturnType<typeof openDatabase>;
  remove(): Promise<void>;
}

async function pglitePlace(): Promise<Place> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shirase-outbox-kill-'));
  return {
    target: dir,
    open: async () => {
      // The first open starts the empty folder from the suite's migrated database (~7 s to initialise one).
      const database = await openDatabase({ kind: 'pglite', dataDir: dir, dump: inject('pgliteDump') });
      await database.migrate();
      return database;
    },
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresPlace(): Promise<Place> {
  const base = inject('postgresUrl');
  const name = `shirase_kill_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  const url = withDatabase(base, name);
  return {
    target: url,
    open: () => openDatabase({ kind: 'postgres', url }),
    remove: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

const KINDS = [
  { kind: 'pglite', place: pglitePlace, available: true },
  { kind: 'postgres', place: postgresPlace, available: inject('postgresUrl') !== '' },
];

/**
 * A real SMTP server on loopback counts what it accepted, per recipient. When the worker has had
 * KILL_AFTER messages accepted, the next one is held unanswered and the worker SIGKILLed: it dies
 * with that message sent but not accepted, and the rest of its batch leased.
 */
for (const { kind, place: makePlace, available } of KINDS)
  (available ? describe : describe.skip)(`an outbox worker killed mid-batch [${kind}]`, () => {
    const accepted = new Map<string, number>();
    let total = 0;
    let holding: (() => void) | undefined;
    let port = 0;
    let onHeld: () => void = () => {};
    let place: Place;

    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        stream.on('data', () => {});
        stream.on('end', () => {
          if (total === KILL_AFTER && !holding) {
            holding = () => callback(new Error('the connection is gone'));
            onHeld();
            return;
          }
          total += 1;
          for (const r of session.envelope.rcptTo) accepted.set(r.address, (accepted.get(r.address) ?? 0) + 1);
          callback(null, 'Queued');
        });
      },
    });
    smtp.on('error', () => {}); // the killed worker's connection resets

    beforeAll(async () => {
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      port = (smtp.server.address() as AddressInfo).port;
      place = await makePlace();
      const database = await place.open();
      const db = database.db;
      const component = await createComponent({ db, now: T0, input: { name: '請求書' } });
      for (let i = 0; i < RECIPIENTS; i++)
        await registerContact({ db, now: T0, input: { email: `c${i}@example.jp`, language: 'ja' } });
      await createIncident({
        db,
        now: T0,
        input: { name: '障害', body: '調査中', components: { [component.id]: 'major_outage' } },
        intervalMinutes: 30,
      });
      await database.close();
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await place?.remove();
    });

    const run = (now: Date): ChildProcess =>
      spawn(process.execPath, [CHILD, place.target, String(port), now.toISOString()], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
    const exited = (child: ChildProcess) =>
      new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    it('delivers every recipient exactly one message once restarted after the lease', async () => {
      const first = run(T0);
      const firstExit = exited(first);
      await new Promise<void>((resolve) => {
        onHeld = resolve;
        // A worker that finished without ever reaching the hold would make this test prove nothing.
        firstExit.then(() => resolve());
      });
      expect(holding, 'the worker was stopped mid-batch').toBeDefined();
      first.kill('SIGKILL');
      await firstExit;
      holding!();
      expect(total).toBe(KILL_AFTER);

      // After the lease (60 s) the deliveries the dead worker held are due again.
      const second = run(new Date(T0.getTime() + 120_000));
      expect(await exited(second)).toBe(0);
      expect(accepted.size).toBe(RECIPIENTS);
      expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    }, 60_000);
  });
