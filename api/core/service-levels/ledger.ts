import { DateTime } from 'luxon';
import type { IncidentView } from '../model.ts';
import { PAGE_TIME_ZONE } from '../time.ts';
import { ValidationError } from '../errors.ts';
import { componentIntervals, type StatusInterval } from './intervals.ts';
import { subtractSpans, unionSpans, type Span } from './spans.ts';
import { worstStatusTimeline, type StatusSegment } from './timeline.ts';

/** A planned maintenance window; time inside it is not planned service time for the components it touches. */
export interface MaintenanceWindow {
  componentIds: readonly string[] | 'all';
  start: Date;
  end: Date;
}

/** `startDate` (JST `YYYY-MM-DD`, as on ComponentView): before it there is "no data", not 100%. */
export interface MeasuredComponent {
  id: string;
  startDate?: string | null;
}

export interface ComponentLedger {
  componentId: string;
  /** Epoch ms from which the component is in service (-Infinity when it has no start date). */
  serviceStart: number;
  /** Incident intervals as reported, for "which incidents touched this day". Sorted by start. */
  intervals: StatusInterval[];
  /** Worst status at every instant, maintenance windows included (an outage during maintenance is still an outage). */
  timeline: StatusSegment[];
  /** Maintenance windows touching this component, joined. */
  maintenance: Span[];
  /** `timeline` outside maintenance: the only part that can be downtime. */
  inService: StatusSegment[];
}

/** Everything availability needs, prepared once so that many periods can be measured cheaply. */
export interface AvailabilityLedger {
  now: Date;
  components: ComponentLedger[];
}

export function buildAvailabilityLedger(
  input: {
    components: readonly MeasuredComponent[];
    incidents: readonly IncidentView[];
    maintenance: readonly MaintenanceWindow[];
  },
  now: Date,
): AvailabilityLedger {
  const intervals = componentIntervals(input.incidents, now);
  const toSpan = (w: MaintenanceWindow): Span => ({ start: w.start.getTime(), end: w.end.getTime() });
  const everywhere = input.maintenance.filter((w) => w.componentIds === 'all').map(toSpan);
  const components = input.components.map((component): ComponentLedger => {
    const own = input.maintenance.filter((w) => w.componentIds !== 'all' && w.componentIds.includes(component.id));
    const maintenance = unionSpans([...everywhere, ...own.map(toSpan)]);
    const list = intervals.get(component.id) ?? [];
    const { timeline, inService } = timelineOf(component.id, list, maintenance);
    return {
      componentId: component.id,
      serviceStart: serviceStartOf(component),
      intervals: list,
      timeline,
      maintenance,
      inService,
    };
  });
  return { now, components };
}

/** Each component's timeline as last computed, and from what. */
const timelines = new Map<
  string,
  {
    intervals: readonly StatusInterval[];
    maintenance: readonly Span[];
    timeline: StatusSegment[];
    inService: StatusSegment[];
  }
>();

/**
 * A component's timeline, swept again only when its intervals are not the very ones it was made
 * from (a resolved incident's are kept, intervals.ts) or its maintenance differs: after a write,
 * the components the write named, not all eleven over five years.
 */
function timelineOf(componentId: string, intervals: readonly StatusInterval[], maintenance: readonly Span[]) {
  const kept = timelines.get(componentId);
  if (
    kept &&
    kept.intervals.length === intervals.length &&
    kept.intervals.every((i, n) => i === intervals[n]) &&
    kept.maintenance.length === maintenance.length &&
    kept.maintenance.every((m, n) => m.start === maintenance[n]!.start && m.end === maintenance[n]!.end)
  )
    return kept;
  const timeline = worstStatusTimeline(
    intervals.map((i) => ({ status: i.status, start: i.start.getTime(), end: i.end.getTime() })),
  );
  const made = { intervals, maintenance, timeline, inService: subtractSpans(timeline, maintenance) };
  timelines.set(componentId, made);
  return made;
}

function serviceStartOf(component: MeasuredComponent): number {
  if (!component.startDate) return -Infinity;
  const start = DateTime.fromISO(component.startDate, { zone: PAGE_TIME_ZONE });
  if (!start.isValid) {
    throw new ValidationError([
      {
        field: `components.${component.id}.start_date`,
        message: `"${component.startDate}" is not a date (YYYY-MM-DD).`,
      },
    ]);
  }
  return start.startOf('day').toMillis();
}
