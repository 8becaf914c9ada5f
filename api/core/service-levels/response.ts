import { DateTime } from 'luxon';
import type { IncidentView } from '../model.ts';
import { PAGE_TIME_ZONE } from '../time.ts';
import { resolutionTime } from './resolution.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface IncidentResponseFigures {
  incidentCount: number;
  resolvedCount: number;
  /** Mean of detectedAt → resolvedAt over resolved incidents (sheet No. 10); null when none is resolved. */
  mttrMinutes: number | null;
  firstNotice: {
    /** detectedAt → createdAt (when the incident was first published). */
    meanMinutes: number | null;
    medianMinutes: number | null;
    targetMinutes: number;
    /** Incidents published within the target. */
    metCount: number;
    count: number;
  };
  /**
   * The same promise by e-mail (issue 11): detectedAt → the first e-mail about the incident the SMTP
   * server accepted, against the same target. Counted over incidents that had an e-mail recipient.
   */
  firstEmail: {
    /** Over incidents with an accepted e-mail. */
    meanMinutes: number | null;
    medianMinutes: number | null;
    targetMinutes: number;
    /** Incidents whose first e-mail was accepted within the target. */
    metCount: number;
    /** Incidents with at least one e-mail recipient; those without an accepted e-mail count as not met. */
    count: number;
    /** Of `count`, incidents none of whose e-mails was accepted (yet): pending, failed or quarantined. */
    undeliveredCount: number;
    /** Incidents no registered contact or subscriber was to hear of: "no e-mail recipients", not a miss. */
    noRecipientCount: number;
  };
  /** Incidents by JST year of detection, e.g. `{ "2026": 4 }` (sheet No. 12). */
  perYear: Record<string, number>;
  /**
   * Incidents that took 24 hours or more to resolve, plus unresolved ones already open that long:
   * they will have taken a day whatever happens next, and leaving them out would flatter us.
   */
  longIncidentIds: string[];
}

export function incidentResponseFigures(
  incidents: readonly IncidentView[],
  now: Date,
  options: { firstNoticeTargetMinutes: number },
): IncidentResponseFigures {
  const target = options.firstNoticeTargetMinutes;
  const repairs: number[] = [];
  const notices: number[] = [];
  const emails: number[] = [];
  let undelivered = 0;
  let noRecipient = 0;
  const perYear: Record<string, number> = {};
  const longIncidentIds: string[] = [];
  for (const incident of incidents) {
    const detected = incident.detectedAt.getTime();
    const resolved = resolutionTime(incident);
    if (resolved) repairs.push((resolved.getTime() - detected) / MINUTE);
    // A notice published before detection was recorded (back-filled detection) counts as immediate.
    notices.push(Math.max(0, incident.createdAt.getTime() - detected) / MINUTE);
    const emailed = incident.emailNotice?.firstDeliveredAt;
    if (!incident.emailNotice) noRecipient += 1;
    else if (emailed) emails.push(Math.max(0, emailed.getTime() - detected) / MINUTE);
    else undelivered += 1;
    const year = jstYear(detected);
    perYear[year] = (perYear[year] ?? 0) + 1;
    if ((resolved ?? now).getTime() - detected >= DAY) longIncidentIds.push(incident.id);
  }
  return {
    incidentCount: incidents.length,
    resolvedCount: repairs.length,
    mttrMinutes: mean(repairs),
    firstNotice: {
      meanMinutes: mean(notices),
      medianMinutes: median(notices),
      targetMinutes: target,
      metCount: notices.filter((m) => m <= target).length,
      count: notices.length,
    },
    firstEmail: {
      meanMinutes: mean(emails),
      medianMinutes: median(emails),
      targetMinutes: target,
      metCount: emails.filter((m) => m <= target).length,
      count: emails.length + undelivered,
      undeliveredCount: undelivered,
      noRecipientCount: noRecipient,
    },
    perYear,
    longIncidentIds,
  };
}

/** JST year of an instant. Luxon per incident is costly (zone offsets via Intl), so cache each year's start. */
const yearStarts = new Map<number, number>();
function jstYear(t: number): string {
  const startOf = (y: number) => {
    let start = yearStarts.get(y);
    if (start === undefined) {
      start = DateTime.fromObject({ year: y }, { zone: PAGE_TIME_ZONE }).toMillis();
      yearStarts.set(y, start);
    }
    return start;
  };
  let year = new Date(t).getUTCFullYear();
  if (t >= startOf(year + 1)) year += 1;
  else if (t < startOf(year)) year -= 1;
  return String(year);
}

function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
