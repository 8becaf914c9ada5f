import { describe, expect, it } from 'vitest';
import { buildStatuspageDocuments, maintenanceInputs } from '../../../api/publish/formats/statuspage/index.ts';
import {
  CANCELLED,
  FINISHED_EARLY,
  IN_PROGRESS,
  MAINTENANCE_VIEWS,
  NOW,
  UPCOMING,
} from '../../fixtures/public-model.ts';
import { MODEL, PAGE } from './fixture.ts';

describe('planned maintenance as Statuspage readers see it', () => {
  const inputs = maintenanceInputs(MAINTENANCE_VIEWS, NOW);
  const byId = new Map(inputs.map((m) => [m.id, m]));

  it('leaves a cancelled maintenance out, since Statuspage has no word for it', () => {
    expect(byId.has(CANCELLED.id)).toBe(false);
    expect(inputs.map((m) => m.id).sort()).toEqual([FINISHED_EARLY.id, IN_PROGRESS.id, UPCOMING.id].sort());
  });

  it('derives each status from the window and now', () => {
    expect(byId.get(UPCOMING.id)!.status).toBe('scheduled');
    expect(byId.get(IN_PROGRESS.id)!.status).toBe('in_progress');
    expect(byId.get(FINISHED_EARLY.id)!.status).toBe('completed');
    const later = maintenanceInputs([IN_PROGRESS], new Date('2026-11-28T09:00:00Z'));
    expect(later[0]!.status).toBe('completed');
  });

  it('reports a maintenance finished early as resolved when it finished, not at the end of its window', () => {
    const docs = buildStatuspageDocuments(MODEL, PAGE, inputs, NOW);
    const october = docs['/api/v2/scheduled-maintenances.json'].scheduled_maintenances.find(
      (m) => m.id === FINISHED_EARLY.id,
    )!;
    expect(october.resolved_at).toBe('2026-10-21T03:30:00.000+09:00');
    expect(october.scheduled_until).toBe('2026-10-21T04:00:00.000+09:00');
  });

  it('posts the announcement as the oldest scheduled update, so readers always have the text', () => {
    const upcoming = byId.get(UPCOMING.id)!;
    expect(upcoming.updates).toEqual([
      { id: `${UPCOMING.id}-announced`, status: 'scheduled', body: UPCOMING.body, createdAt: UPCOMING.announcedAt },
    ]);
    const running = byId.get(IN_PROGRESS.id)!;
    expect(running.updates.map((u) => u.status)).toEqual(['in_progress', 'scheduled']);
  });

  it('shows an extended window with its new end', () => {
    const extended = {
      ...IN_PROGRESS,
      overrides: { ...IN_PROGRESS.overrides, extendedUntil: new Date('2026-11-28T10:00:00Z') },
    };
    expect(maintenanceInputs([extended], NOW)[0]!.scheduledUntil).toEqual(new Date('2026-11-28T10:00:00Z'));
  });

  it('never lets translations, short-notice reasons, series or cancellation reasons into /api/v2', () => {
    const docs = buildStatuspageDocuments(MODEL, PAGE, inputs, NOW);
    expect(JSON.stringify(docs)).not.toContain('SHIRASE-ONLY');
  });
});
