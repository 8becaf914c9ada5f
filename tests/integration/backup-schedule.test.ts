import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backupAndPrune } from '../../api/backup/index.ts';
import { DEFAULT_STANDING_WINDOW } from '../../api/core/maintenance/index.ts';
import { backupConfigFromEnv } from '../../api/server/backup-config.ts';
import { startBackupJob } from '../../api/server/backup-job.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';

let database: Database;
const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-backup-job-'));
  folders.push(dir);
  return dir;
};
beforeAll(async () => {
  database = await openTestDatabase('pglite');
});
afterAll(async () => {
  await database?.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('the scheduled backup', () => {
  function job(dir: string, clock: { now: Date }, options: { mayRun?: () => boolean; broken?: boolean } = {}) {
    const lines: string[] = [];
    const started = startBackupJob({
      database: () => (options.broken ? { ...database, db: null as never } : database),
      config: backupConfigFromEnv({ BACKUP_DIR: dir }, 'unused'),
      standingWindow: DEFAULT_STANDING_WINDOW,
      now: () => clock.now,
      log: (line) => lines.push(line),
      mayRun: options.mayRun ?? (() => true),
      pollMs: 5,
    });
    return { job: started, lines };
  }

  it('runs at the end of the standing window on its night, then at 03:00 the next, and /metrics sees it', async () => {
    const dir = folder();
    const clock = { now: new Date('2026-12-15T12:00:00+09:00') };
    const { job: backups, lines } = job(dir, clock);
    try {
      expect(backups.nextAt()).toEqual(new Date('2026-12-16T04:00:00+09:00'));
      clock.now = new Date('2026-12-16T03:59:00+09:00');
      expect(await backups.status()).toEqual({ lastSuccessAt: null, failures: 0, generations: 0 });
      clock.now = new Date('2026-12-16T04:00:00+09:00');
      await backups.check();
      expect(readdirSync(dir)).toEqual(['shirase-backup-20261215T190000Z.jsonl.gz']);
      expect(backups.nextAt()).toEqual(new Date('2026-12-17T03:00:00+09:00'));
      expect(lines.at(-1)).toMatch(/^backup: wrote .*shirase-backup-20261215T190000Z/);
      expect(await backups.status()).toEqual({
        lastSuccessAt: new Date('2026-12-16T04:00:00+09:00'),
        failures: 0,
        generations: 1,
      });
    } finally {
      await backups.stop();
    }
  });

  it('counts and logs a failed run, and runs the next day as usual', async () => {
    const dir = folder();
    const clock = { now: new Date('2026-12-01T12:00:00+09:00') };
    const { job: backups, lines } = job(dir, clock, { broken: true });
    try {
      clock.now = new Date('2026-12-02T03:00:00+09:00');
      // Left to the job's own timer here.
      await vi.waitFor(async () => expect((await backups.status())?.failures).toBe(1), { timeout: 10_000 });
      expect(lines.at(-1)).toMatch(/^backup: failed \(.*\); next at 2026-12-02T18:00:00\.000Z$/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await backups.stop();
    }
  });

  it('is left to the publishing instance on a cluster', async () => {
    const dir = folder();
    const clock = { now: new Date('2026-12-01T12:00:00+09:00') };
    const { job: backups } = job(dir, clock, { mayRun: () => false });
    try {
      clock.now = new Date('2026-12-02T03:00:00+09:00');
      await backups.check();
      expect(backups.nextAt()).toEqual(new Date('2026-12-03T03:00:00+09:00'));
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await backups.stop();
    }
  });
});

describe('ten backups at distinct times', () => {
  it('leave the newest seven backups, and nothing else is touched', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    const times = [
      '2026-05-31T18:00:00Z', // 1 June in Japan: older than six months at the end
      '2026-06-14T18:00:00Z', // within six months, but not among the seven newest
      '2026-06-20T18:00:00Z',
      '2026-11-30T18:00:00Z', // the seven newest, daily at 03:00 JST
      '2026-12-01T18:00:00Z',
      '2026-12-02T18:00:00Z',
      '2026-12-03T18:00:00Z',
      '2026-12-04T18:00:00Z',
      '2026-12-05T18:00:00Z',
      '2026-12-06T18:00:00Z',
    ];
    const rule = backupConfigFromEnv({}, dir).retention;
    for (const t of times) await backupAndPrune({ db: database.db, engine: 'pglite', dir, now: new Date(t), rule });
    expect(readdirSync(dir).sort()).toEqual(
      [
        'notes.txt',
        'shirase-backup-20261130T180000Z.jsonl.gz',
        ...[1, 2, 3, 4, 5, 6].map((d) => `shirase-backup-202612${String(d).padStart(2, '0')}T180000Z.jsonl.gz`),
      ].sort(),
    );
  });
});
