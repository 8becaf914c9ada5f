import { describe, expect, it } from 'vitest';
import { DEFAULT_STANDING_WINDOW } from '../../api/core/maintenance/index.ts';
import { backupConfigFromEnv } from '../../api/server/backup-config.ts';
import { nextBackupAt } from '../../api/server/backup-schedule.ts';

const at = (iso: string) => new Date(iso);
const THREE = { hour: 3, minute: 0 };

describe('when the scheduled backup runs', () => {
  it('is 03:00 Japan time the next night by default', () => {
    expect(nextBackupAt(at('2026-12-01T12:00:00+09:00'), THREE, DEFAULT_STANDING_WINDOW)).toEqual(
      at('2026-12-02T03:00:00+09:00'),
    );
    // Past 03:00 (and at 03:00 itself, once it has run) the next is tomorrow's.
    expect(nextBackupAt(at('2026-12-02T03:00:00+09:00'), THREE, DEFAULT_STANDING_WINDOW)).toEqual(
      at('2026-12-03T03:00:00+09:00'),
    );
  });

  it('moves to the end of the standing window on its night (the third Wednesday, 02:00–04:00)', () => {
    expect(nextBackupAt(at('2026-12-15T12:00:00+09:00'), THREE, DEFAULT_STANDING_WINDOW)).toEqual(
      at('2026-12-16T04:00:00+09:00'),
    );
    // A time outside the window that night stays where it is.
    expect(nextBackupAt(at('2026-12-15T12:00:00+09:00'), { hour: 1, minute: 30 }, DEFAULT_STANDING_WINDOW)).toEqual(
      at('2026-12-16T01:30:00+09:00'),
    );
    // Without a standing window (STANDING_WINDOW_RRULE=off) 03:00 it is.
    expect(nextBackupAt(at('2026-12-15T12:00:00+09:00'), THREE, null)).toEqual(at('2026-12-16T03:00:00+09:00'));
  });
});

describe('the backup settings', () => {
  it('default to DATA_DIR/backups, 7 generations, 6 months, 03:00', () => {
    expect(backupConfigFromEnv({}, '/srv/shirase')).toEqual({
      dir: '/srv/shirase/backups',
      retention: { generations: 7, maxAgeMonths: 6 },
      time: THREE,
    });
    expect(backupConfigFromEnv({ BACKUP_DIR: '/mnt/b', BACKUP_TIME: 'off', BACKUP_GENERATIONS: '14' }, 'd')).toEqual({
      dir: '/mnt/b',
      retention: { generations: 14, maxAgeMonths: 6 },
      time: null,
    });
    expect(backupConfigFromEnv({}, 'memory').dir).toBeNull();
  });

  it('refuse a bad time or count, naming the variable', () => {
    expect(() => backupConfigFromEnv({ BACKUP_TIME: '3am' }, 'd')).toThrow(
      'Invalid configuration: BACKUP_TIME must be a time of day in Japan such as 03:00, or off; "3am" is not one',
    );
    expect(() => backupConfigFromEnv({ BACKUP_GENERATIONS: '0' }, 'd')).toThrow(
      'Invalid configuration: BACKUP_GENERATIONS must be a whole number from 1 to 1000; "0" is not one',
    );
  });
});
