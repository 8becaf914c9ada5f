import { describe, expect, it } from 'vitest';
import { componentIntervals } from '../../../api/core/service-levels/index.ts';
import { jst, makeIncident } from './make-incident.ts';

const NOW = jst('2026-03-01 12:00');

function simple(list: ReturnType<typeof componentIntervals>, componentId: string) {
  return (list.get(componentId) ?? []).map((i) => ({
    status: i.status,
    start: i.start.toISOString(),
    end: i.end.toISOString(),
    open: i.open,
  }));
}

describe('status intervals from incidents', () => {
  it('starts the first status at detection, not at the first post', () => {
    // Detected 10:00, first posted 10:40, resolved 11:00: the outage is 10:00–11:00.
    const incident = makeIncident({
      id: 'i1',
      detectedAt: '2026-02-10 10:00',
      resolvedAt: '2026-02-10 11:00',
      updates: [
        { at: '2026-02-10 10:40', components: { api: 'major_outage' } },
        { at: '2026-02-10 11:00', status: 'resolved', components: { api: 'operational' } },
      ],
    });
    expect(simple(componentIntervals([incident], NOW), 'api')).toEqual([
      {
        status: 'major_outage',
        start: jst('2026-02-10 10:00').toISOString(),
        end: jst('2026-02-10 11:00').toISOString(),
        open: false,
      },
    ]);
  });

  it('starts later statuses at their update and ends each at the next word on that component', () => {
    const incident = makeIncident({
      id: 'i1',
      detectedAt: '2026-02-10 10:00',
      resolvedAt: '2026-02-10 12:00',
      updates: [
        { at: '2026-02-10 10:10', components: { api: 'major_outage', web: 'degraded_performance' } },
        { at: '2026-02-10 10:30', status: 'identified', components: { api: 'partial_outage' } },
        { at: '2026-02-10 11:00', status: 'monitoring', components: { api: 'operational' } },
        { at: '2026-02-10 12:00', status: 'resolved', components: {} },
      ],
    });
    const list = componentIntervals([incident], NOW);
    expect(simple(list, 'api')).toEqual([
      {
        status: 'major_outage',
        start: jst('2026-02-10 10:00').toISOString(),
        end: jst('2026-02-10 10:30').toISOString(),
        open: false,
      },
      {
        status: 'partial_outage',
        start: jst('2026-02-10 10:30').toISOString(),
        end: jst('2026-02-10 11:00').toISOString(),
        open: false,
      },
    ]);
    // `web` was never set back to operational: the resolution ends it.
    expect(simple(list, 'web')).toEqual([
      {
        status: 'degraded_performance',
        start: jst('2026-02-10 10:00').toISOString(),
        end: jst('2026-02-10 12:00').toISOString(),
        open: false,
      },
    ]);
  });

  it('keeps one interval when an update repeats the same status', () => {
    const incident = makeIncident({
      id: 'i1',
      detectedAt: '2026-02-10 10:00',
      resolvedAt: '2026-02-10 11:00',
      updates: [
        { at: '2026-02-10 10:05', components: { api: 'major_outage' } },
        { at: '2026-02-10 10:35', status: 'identified', components: { api: 'major_outage' } },
      ],
    });
    expect(componentIntervals([incident], NOW).get('api')).toHaveLength(1);
  });

  it('measures an unresolved incident to now and marks it open', () => {
    const incident = makeIncident({
      id: 'i1',
      detectedAt: '2026-03-01 11:00',
      updates: [{ at: '2026-03-01 11:20', components: { api: 'partial_outage' } }],
    });
    expect(simple(componentIntervals([incident], NOW), 'api')).toEqual([
      { status: 'partial_outage', start: jst('2026-03-01 11:00').toISOString(), end: NOW.toISOString(), open: true },
    ]);
  });

  it('counts a later status for a component first mentioned as operational from its own update', () => {
    const incident = makeIncident({
      id: 'i1',
      detectedAt: '2026-02-10 10:00',
      resolvedAt: '2026-02-10 11:00',
      updates: [
        { at: '2026-02-10 10:10', components: { api: 'operational' } },
        { at: '2026-02-10 10:40', components: { api: 'major_outage' } },
      ],
    });
    expect(simple(componentIntervals([incident], NOW), 'api')[0]?.start).toBe(jst('2026-02-10 10:40').toISOString());
  });

  it('ignores components an incident never set to a non-operational status', () => {
    const incident = makeIncident({
      id: 'i1',
      detectedAt: '2026-02-10 10:00',
      resolvedAt: '2026-02-10 11:00',
      updates: [{ at: '2026-02-10 10:10', components: { api: 'operational' } }],
    });
    expect(componentIntervals([incident], NOW).has('api')).toBe(false);
  });
});

describe('status intervals after resolution', () => {
  it('ignores what a post-resolution update says about a component', () => {
    // Resolved 11:00; a postmortem at 15:00 names the component again: nothing after 11:00 counts.
    const incident = makeIncident({
      id: 'i1',
      detectedAt: '2026-02-10 10:00',
      resolvedAt: '2026-02-10 11:00',
      updates: [
        { at: '2026-02-10 10:05', components: { api: 'major_outage' } },
        { at: '2026-02-10 15:00', status: 'postmortem', components: { api: 'partial_outage' } },
      ],
    });
    expect(simple(componentIntervals([incident], NOW), 'api')).toEqual([
      {
        status: 'major_outage',
        start: jst('2026-02-10 10:00').toISOString(),
        end: jst('2026-02-10 11:00').toISOString(),
        open: false,
      },
    ]);
  });
});
