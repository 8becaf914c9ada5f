import { describe, expect, it } from 'vitest';
import { worstComponentStatus } from '../../../api/core/severity.ts';
import { COMPONENT_STATUSES } from '../../../api/core/vocab.ts';
import { SWEEP_RANK, subtractSpans, unionSpans, worstStatusTimeline } from '../../../api/core/service-levels/index.ts';

describe('worst-status timeline', () => {
  it('ranks statuses exactly as the page rollup does', () => {
    for (const a of COMPONENT_STATUSES) {
      for (const b of COMPONENT_STATUSES) {
        const bySweep = SWEEP_RANK[a] >= SWEEP_RANK[b] ? a : b;
        expect(bySweep).toBe(worstComponentStatus([a, b]));
      }
    }
  });

  it('lets the worst status win where incidents overlap, so no time is counted twice', () => {
    // partial 0–60, major 30–90, degraded 80–120 → partial 0–30, major 30–90, degraded 90–120.
    expect(
      worstStatusTimeline([
        { status: 'partial_outage', start: 0, end: 60 },
        { status: 'major_outage', start: 30, end: 90 },
        { status: 'degraded_performance', start: 80, end: 120 },
      ]),
    ).toEqual([
      { status: 'partial_outage', start: 0, end: 30 },
      { status: 'major_outage', start: 30, end: 90 },
      { status: 'degraded_performance', start: 90, end: 120 },
    ]);
  });

  it('joins back-to-back intervals of the same status and leaves gaps as operational', () => {
    expect(
      worstStatusTimeline([
        { status: 'major_outage', start: 0, end: 10 },
        { status: 'major_outage', start: 10, end: 20 },
        { status: 'major_outage', start: 30, end: 40 },
        { status: 'operational', start: 0, end: 100 },
      ]),
    ).toEqual([
      { status: 'major_outage', start: 0, end: 20 },
      { status: 'major_outage', start: 30, end: 40 },
    ]);
  });

  it('returns to the still-running lesser status when the worse one ends', () => {
    expect(
      worstStatusTimeline([
        { status: 'degraded_performance', start: 0, end: 100 },
        { status: 'major_outage', start: 40, end: 50 },
      ]),
    ).toEqual([
      { status: 'degraded_performance', start: 0, end: 40 },
      { status: 'major_outage', start: 40, end: 50 },
      { status: 'degraded_performance', start: 50, end: 100 },
    ]);
  });
});

describe('spans', () => {
  it('unites overlapping and touching spans', () => {
    expect(
      unionSpans([
        { start: 5, end: 10 },
        { start: 0, end: 3 },
        { start: 3, end: 6 },
        { start: 20, end: 30 },
      ]),
    ).toEqual([
      { start: 0, end: 10 },
      { start: 20, end: 30 },
    ]);
  });

  it('cuts holes out of pieces and keeps their fields', () => {
    expect(
      subtractSpans(
        [
          { start: 0, end: 100, status: 'major_outage' as const },
          { start: 150, end: 160, status: 'partial_outage' as const },
        ],
        [
          { start: 10, end: 20 },
          { start: 90, end: 155 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 10, status: 'major_outage' },
      { start: 20, end: 90, status: 'major_outage' },
      { start: 155, end: 160, status: 'partial_outage' },
    ]);
  });
});
