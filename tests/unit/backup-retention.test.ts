import { describe, expect, it } from 'vitest';
import { backupName } from '../../api/backup/format.ts';
import { planRetention } from '../../api/backup/retention.ts';

const rule = { generations: 7, maxAgeMonths: 6 };
const named = (...iso: string[]) => iso.map((t) => backupName(new Date(t)));

describe('which backups are kept', () => {
  it('keeps the newest seven and no more, whatever their months', () => {
    const daily = Array.from({ length: 10 }, (_, i) => `2026-11-${String(20 + i).padStart(2, '0')}T18:00:00Z`);
    const older = ['2026-07-10T18:00:00Z', '2026-07-01T18:00:00Z', '2026-10-31T16:00:00Z', '2026-10-20T18:00:00Z'];
    const plan = planRetention([...named(...older, ...daily), 'notes.txt'], new Date('2026-11-29T18:00:00Z'), rule);
    expect(plan.keep).toEqual(named(...daily.slice(3).reverse()));
    expect(plan.remove).toEqual(
      named(
        ...daily.slice(0, 3).reverse(),
        '2026-10-31T16:00:00Z',
        '2026-10-20T18:00:00Z',
        '2026-07-10T18:00:00Z',
        '2026-07-01T18:00:00Z',
      ),
    );
  });

  it('keeps fewer than seven when the others are older than six months', () => {
    const plan = planRetention(
      named('2026-05-20T00:00:00Z', '2026-06-20T00:00:00Z', '2026-11-20T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
      rule,
    );
    expect(plan).toEqual({
      keep: named('2026-11-20T00:00:00Z', '2026-06-20T00:00:00Z'),
      remove: named('2026-05-20T00:00:00Z'),
    });
  });

  it('removes everything older than six months but never the newest backup', () => {
    const plan = planRetention(
      named('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
      rule,
    );
    expect(plan).toEqual({ keep: named('2026-02-01T00:00:00Z'), remove: named('2026-01-01T00:00:00Z') });
  });
});
