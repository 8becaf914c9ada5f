import type { IncidentView } from '../../../api/core/model.ts';
import type { ComponentStatus, IncidentStatus } from '../../../api/core/vocab.ts';

/** JST wall-clock time, e.g. `jst('2026-01-31 23:30')`. */
export function jst(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}${local.length <= 10 ? 'T00:00' : ''}:00+09:00`);
}

export interface UpdateSpec {
  at: string;
  status?: IncidentStatus;
  components?: Record<string, ComponentStatus>;
  /** The next update this post promised (JST wall-clock time). */
  promised?: string;
}

/** An IncidentView from a compact spec; `updates` are given oldest first, as people write timelines. */
export function makeIncident(spec: {
  id: string;
  detectedAt: string;
  createdAt?: string;
  resolvedAt?: string;
  updates: UpdateSpec[];
}): IncidentView {
  const updates = spec.updates.map((u, i) => ({
    id: `${spec.id}-u${i}`,
    incidentId: spec.id,
    status: u.status ?? 'investigating',
    body: '',
    bodyEn: null,
    createdAt: jst(u.at),
    displayAt: jst(u.at),
    nextUpdateAt: u.promised ? jst(u.promised) : null,
    components: Object.entries(u.components ?? {}).map(([componentId, status]) => ({
      componentId,
      status,
      oldStatus: 'operational' as const,
    })),
  }));
  const resolvedAt = spec.resolvedAt ? jst(spec.resolvedAt) : null;
  const latest = updates.at(-1);
  return {
    id: spec.id,
    name: spec.id,
    nextUpdateAt: null,
    nameEn: null,
    impact: 'major',
    status: resolvedAt ? 'resolved' : (latest?.status ?? 'investigating'),
    detectedAt: jst(spec.detectedAt),
    createdAt: jst(spec.createdAt ?? spec.updates[0]?.at ?? spec.detectedAt),
    updatedAt: latest?.createdAt ?? jst(spec.detectedAt),
    monitoringAt: null,
    resolvedAt,
    updates: updates.reverse(),
    componentIds: [...new Set(spec.updates.flatMap((u) => Object.keys(u.components ?? {})))],
  };
}

/** A single-status outage: detected at `from`, announced at `from`, resolved at `to`. */
export function outage(
  id: string,
  componentId: string,
  status: ComponentStatus,
  from: string,
  to?: string,
): IncidentView {
  return makeIncident({
    id,
    detectedAt: from,
    resolvedAt: to,
    updates: [
      { at: from, components: { [componentId]: status } },
      ...(to ? [{ at: to, status: 'resolved' as const, components: { [componentId]: 'operational' as const } }] : []),
    ],
  });
}
