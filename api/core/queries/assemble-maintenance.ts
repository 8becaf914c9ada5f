import { maintenanceStatus } from '../maintenance/status.ts';
import type {
  MaintenanceHistoryEntry,
  MaintenanceStatus,
  MaintenanceUpdateView,
  MaintenanceView,
  NoticeRecordKind,
  NoticeView,
} from '../maintenance/types.ts';

/** Rows as the database gives them (db/schema/maintenance.ts); plain, so this module stays pure. */
export interface MaintenanceRows {
  maintenances: Array<{
    id: string;
    seriesId: string | null;
    title: string;
    titleEn: string | null;
    body: string;
    bodyEn: string | null;
    scheduledFor: Date;
    scheduledUntil: Date;
    announcedAt: Date;
    shortNotice: boolean;
    shortNoticeReason: string | null;
    sequence: number;
    startedAt: Date | null;
    verifyingAt: Date | null;
    finishedAt: Date | null;
    extendedUntil: Date | null;
    cancelledAt: Date | null;
    cancelReason: string | null;
    createdAt: Date;
    updatedAt: Date;
  }>;
  maintenanceComponents: Array<{ maintenanceId: string; componentId: string }>;
  history: Array<MaintenanceHistoryEntry & { maintenanceId: string; seq: number | null }>;
  updates: Array<{
    id: string;
    maintenanceId: string;
    seq: number | null;
    status: MaintenanceStatus;
    body: string;
    bodyEn: string | null;
    createdAt: Date;
    displayAt: Date;
  }>;
  notices: Array<{
    id: string;
    kind: NoticeRecordKind;
    title: string;
    titleEn: string | null;
    body: string;
    bodyEn: string | null;
    effectiveAt: Date;
    announcedAt: Date;
    shortNotice: boolean;
    shortNoticeReason: string | null;
    createdAt: Date;
    updatedAt: Date;
    withdrawnAt?: Date | null;
    withdrawReason?: string | null;
  }>;
  noticeComponents: Array<{ noticeId: string; componentId: string }>;
}

/** Newest first: by time, then by insertion order. */
const newestFirst =
  <T extends { seq: number | null }>(time: (x: T) => Date) =>
  (a: T, b: T) =>
    time(b).getTime() - time(a).getTime() || (b.seq ?? 0) - (a.seq ?? 0);

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function assembleMaintenances(
  rows: MaintenanceRows,
  now: Date,
): { maintenances: MaintenanceView[]; notices: NoticeView[] } {
  const componentsOf = Map.groupBy(rows.maintenanceComponents, (c) => c.maintenanceId);
  const historyOf = Map.groupBy(rows.history, (h) => h.maintenanceId);
  const updatesOf = Map.groupBy(rows.updates, (u) => u.maintenanceId);
  const maintenances = rows.maintenances
    .map((m): MaintenanceView => {
      const { startedAt, verifyingAt, finishedAt, extendedUntil, cancelledAt, cancelReason, ...rest } = m;
      const overrides = { startedAt, verifyingAt, finishedAt, extendedUntil, cancelledAt, cancelReason };
      const history = [...(historyOf.get(m.id) ?? [])]
        .sort(newestFirst((h) => h.at))
        .map(({ maintenanceId: _, seq: __, ...entry }) => entry);
      const updates: MaintenanceUpdateView[] = [...(updatesOf.get(m.id) ?? [])]
        .sort(newestFirst((u) => u.createdAt))
        .map(({ seq: _, ...u }) => u);
      const view = {
        ...rest,
        overrides,
        componentIds: (componentsOf.get(m.id) ?? []).map((c) => c.componentId).sort(),
        history,
        updates,
      };
      return { ...view, status: maintenanceStatus(view, now) };
    })
    .sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime() || byId(a, b));

  const componentsOfNotice = Map.groupBy(rows.noticeComponents, (c) => c.noticeId);
  const notices: NoticeView[] = rows.notices
    .map((n) => ({
      ...n,
      componentIds: (componentsOfNotice.get(n.id) ?? []).map((c) => c.componentId).sort(),
      withdrawnAt: n.withdrawnAt ?? null,
      withdrawReason: n.withdrawReason ?? null,
    }))
    .sort((a, b) => b.announcedAt.getTime() - a.announcedAt.getTime() || byId(a, b));
  return { maintenances, notices };
}
