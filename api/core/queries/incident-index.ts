import type { IncidentView, SiteModel } from '../model.ts';
import { toLocalMonth } from '../time.ts';

/** Lookups over a model's incidents that pages and routes would otherwise rebuild, each a scan of the whole history. */
export interface IncidentIndex {
  byId: ReadonlyMap<string, IncidentView>;
  /** The incidents of each JST month (`YYYY-MM`), newest first as in the model. */
  byMonth: ReadonlyMap<string, readonly IncidentView[]>;
  /** Every month with incidents and the month of the model's reading time, newest first. */
  months: readonly string[];
}

const indexes = new WeakMap<SiteModel, { incidents: readonly IncidentView[]; count: number; index: IncidentIndex }>();

/** Each incident's JST month, kept while the view lives: models after a write share their unchanged views. */
const incidentMonths = new WeakMap<IncidentView, string>();

function monthOf(incident: IncidentView): string {
  let month = incidentMonths.get(incident);
  if (month === undefined) {
    month = toLocalMonth(incident.createdAt);
    incidentMonths.set(incident, month);
  }
  return month;
}

/**
 * The index of `model`, built once per model however many pages read it (thousands in a publish of
 * a long history: the history pages grouped 4,000 incidents by month each, the incident pages
 * searched them). Rebuilt if the model's incidents were replaced or grown since, as the render
 * thread's copy of a model is while its slices arrive.
 */
export function incidentIndex(model: SiteModel): IncidentIndex {
  const kept = indexes.get(model);
  if (kept && kept.incidents === model.incidents && kept.count === model.incidents.length) return kept.index;
  const byId = new Map<string, IncidentView>();
  const byMonth = new Map<string, IncidentView[]>();
  for (const incident of model.incidents) {
    byId.set(incident.id, incident);
    const month = monthOf(incident);
    const list = byMonth.get(month);
    if (list) list.push(incident);
    else byMonth.set(month, [incident]);
  }
  const months = [...new Set([toLocalMonth(model.generatedAt), ...byMonth.keys()])].sort().reverse();
  const index = { byId, byMonth, months };
  indexes.set(model, { incidents: model.incidents, count: model.incidents.length, index });
  return index;
}
