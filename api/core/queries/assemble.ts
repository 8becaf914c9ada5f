import type {
  ComponentChange,
  ComponentView,
  GroupView,
  IncidentUpdateView,
  IncidentView,
  SiteModel,
} from '../model.ts';
import { rollupIndicator, worstComponentStatus } from '../severity.ts';
import { statusChangedAt } from './status-changed-at.ts';
import { isUnresolved, type ComponentStatus, type IncidentImpact, type IncidentStatus } from '../vocab.ts';

/** Rows as the database gives them; kept plain so that this module stays pure and unit-testable. */
export interface SiteRows {
  groups: Array<Omit<GroupView, 'componentIds'>>;
  components: Array<Omit<ComponentView, 'status' | 'manualStatus'> & { status: ComponentStatus }>;
  incidents: Array<{
    id: string;
    name: string;
    nameEn: string | null;
    impact: IncidentImpact;
    detectedAt: Date;
    createdAt: Date;
    updatedAt: Date;
    nextUpdateAt: Date | null;
  }>;
  updates: Array<{
    id: string;
    incidentId: string;
    seq: number;
    status: IncidentStatus;
    body: string;
    bodyEn: string | null;
    createdAt: Date;
    displayAt: Date;
    nextUpdateAt?: Date | null;
    editedAt?: Date | null;
  }>;
  updateComponents: Array<{ updateId: string; componentId: string; status: ComponentStatus }>;
}

const byTimeThenSeq = (a: { createdAt: Date; seq: number }, b: { createdAt: Date; seq: number }) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq;

/** An incident with its updates in order, and what it last said about each component it named. */
export type BuiltIncident = IncidentView & { latestComponentStatus: Map<string, ComponentStatus> };

function buildIncident(
  incident: SiteRows['incidents'][number],
  updates: SiteRows['updates'],
  changesByUpdate: Map<string, SiteRows['updateComponents']>,
): BuiltIncident {
  const chronological = [...updates].sort(byTimeThenSeq);
  const latest = new Map<string, ComponentStatus>();
  const componentIds: string[] = [];
  let monitoringAt: Date | null = null;
  let resolvedAt: Date | null = null;
  const views: IncidentUpdateView[] = chronological.map((u) => {
    const changes: ComponentChange[] = (changesByUpdate.get(u.id) ?? []).map((c) => {
      const oldStatus = latest.get(c.componentId) ?? 'operational';
      if (!latest.has(c.componentId)) componentIds.push(c.componentId);
      latest.set(c.componentId, c.status);
      return { componentId: c.componentId, status: c.status, oldStatus };
    });
    if (u.status === 'monitoring' && !monitoringAt) monitoringAt = u.createdAt;
    // Reopening (a later unresolved update) clears the resolution: only the last one counts.
    if (u.status === 'resolved' || u.status === 'postmortem') resolvedAt ??= u.createdAt;
    else resolvedAt = null;
    return {
      id: u.id,
      incidentId: u.incidentId,
      status: u.status,
      body: u.body,
      bodyEn: u.bodyEn,
      createdAt: u.createdAt,
      displayAt: u.displayAt,
      components: changes,
      nextUpdateAt: u.nextUpdateAt ?? null,
      editedAt: u.editedAt ?? null,
    };
  });
  const last = chronological.at(-1);
  return {
    ...incident,
    status: last?.status ?? 'investigating',
    monitoringAt,
    resolvedAt,
    updates: views.reverse(),
    componentIds,
    latestComponentStatus: latest,
  };
}

/**
 * Each built incident's view, kept while the built incident lives: a model patched after a write
 * then shares its unchanged incidents' views with the one before, so what is kept per view (its
 * month, its digest, what the render thread was sent) is not computed again for 4,000 of them.
 */
const views = new WeakMap<BuiltIncident, IncidentView>();

function viewOf(built: BuiltIncident): IncidentView {
  let view = views.get(built);
  if (!view) {
    const { latestComponentStatus: _, ...rest } = built;
    view = rest;
    views.set(built, view);
  }
  return view;
}

const later = (a: Date, b: Date | null) => (b && b > a ? b : a);

/**
 * Derives everything time and history decide: each incident's status from its latest update,
 * each component's shown status (worst of its manual status and every unresolved incident's
 * latest word on it), and the page indicator.
 */
export function assembleSiteModel(rows: SiteRows, now: Date): SiteModel {
  return assembleFromIncidents(rows, buildIncidents(rows), now);
}

/** Each incident's view from its rows: what a model patched after a write rebuilds for that incident alone. */
export function buildIncidents(rows: Pick<SiteRows, 'incidents' | 'updates' | 'updateComponents'>): BuiltIncident[] {
  const updatesByIncident = Map.groupBy(rows.updates, (u) => u.incidentId);
  const changesByUpdate = Map.groupBy(rows.updateComponents, (c) => c.updateId);
  return rows.incidents.map((i) => buildIncident(i, updatesByIncident.get(i.id) ?? [], changesByUpdate));
}

/** The model from built incidents: every part derived over all incidents is computed here, never kept. */
export function assembleFromIncidents(
  rows: Pick<SiteRows, 'groups' | 'components'>,
  built: readonly BuiltIncident[],
  now: Date,
): SiteModel {
  const unresolved = built.filter((i) => isUnresolved(i.status));

  const groupPosition = new Map(rows.groups.map((g) => [g.id, g.position]));
  const components: ComponentView[] = rows.components
    .map((c) => {
      const fromIncidents = unresolved.flatMap((i) => {
        const s = i.latestComponentStatus.get(c.id);
        return s ? [s] : [];
      });
      // `updated_at` follows the shown status, which incidents change without touching the row.
      const updatedAt = later(c.updatedAt, statusChangedAt([c.id], [c.status], built));
      return { ...c, manualStatus: c.status, status: worstComponentStatus([c.status, ...fromIncidents]), updatedAt };
    })
    .sort(
      (a, b) =>
        (a.groupId ? (groupPosition.get(a.groupId) ?? 0) : -1) -
          (b.groupId ? (groupPosition.get(b.groupId) ?? 0) : -1) ||
        a.position - b.position ||
        a.name.localeCompare(b.name, 'ja'),
    );
  const groups: GroupView[] = [...rows.groups]
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'ja'))
    .map((g) => {
      const members = components.filter((c) => c.groupId === g.id);
      // A group shows its members' worst status: its `updated_at` follows that status too.
      const changedAt = statusChangedAt(
        members.map((c) => c.id),
        members.map((c) => c.manualStatus),
        built,
      );
      return { ...g, updatedAt: later(g.updatedAt, changedAt), componentIds: members.map((c) => c.id) };
    });

  const incidents: IncidentView[] = built
    .map(viewOf)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));

  const times = [...rows.groups, ...rows.components, ...built].map((r) => r.updatedAt.getTime());
  return {
    generatedAt: now,
    updatedAt: new Date(times.length ? Math.max(...times) : 0),
    indicator: rollupIndicator({
      componentStatuses: components.map((c) => c.status),
      unresolvedImpacts: unresolved.map((i) => i.impact),
    }),
    groups,
    components,
    incidents,
    maintenances: [],
    notices: [],
  };
}
