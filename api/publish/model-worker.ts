/**
 * The render thread's side of a model it holds alone (model-host.ts): it keeps each incident as
 * built from its rows, patches them with those a publish re-read, and derives the model there, so
 * that the thread answering reads keeps no copy of five years of history between publishes. Only
 * small facts of the model go back: its frame, the routes to render, the publish clock's next wake.
 */
import type { Change } from '../core/change.ts';
import { assembleSite, nextWakeAt, type SmallTables, siteWakeSources } from '../core/queries/assemble-site.ts';
import type { BuiltIncident } from '../core/queries/assemble.ts';
import type { PageLocals } from './renderer.ts';
import { affectedPageRoutes, allPageRoutes, pageFrameKey } from './routes.ts';

/** What the host reads for a model: the small tables, and the incidents re-read (all of them without `base`). */
export interface ModelParts {
  /** The model (locals id) whose incidents this one starts from; null: from none, every incident is sent. */
  base: number | null;
  now: Date;
  small: SmallTables;
  locals: Omit<PageLocals, 'model'>;
  /** Incidents of `base` that are gone or re-read (the re-read ones come again in `incidents`). */
  drop: string[];
  incidents: BuiltIncident[];
}

export type ModelToWorker =
  /** A model begins as locals `id` (its incidents follow in slices, then `model-done`). */
  | ({ kind: 'model'; id: number } & Omit<ModelParts, 'incidents'>)
  | { kind: 'model-incidents'; id: number; items: BuiltIncident[] }
  /** Derive the model of locals `id` and answer with its facts for a publish of `scope`. */
  | { kind: 'model-done'; call: number; id: number; scope: Change[] | 'all' }
  /** Every page's route of the model of locals `localsId`. */
  | { kind: 'routes'; call: number; localsId: number };

export interface ModelFacts {
  frame: string;
  /** The routes the scope affects; null for 'all' (ask `routes`). */
  affected: string[] | null;
  wakeAt: Date | null;
}

export type ModelFromWorker =
  | ({ kind: 'model-facts'; call: number } & ModelFacts)
  | { kind: 'routes-listed'; call: number; routes: string[] };

/** Each held model's built incidents, by locals id: the next model starts from a copy of them. */
const builtById = new Map<number, Map<string, BuiltIncident>>();
/** Models being received, until `model-done`; `missing`: the base it named is no longer held. */
const receiving = new Map<
  number,
  { parts: Omit<ModelParts, 'incidents'>; built: Map<string, BuiltIncident>; missing: boolean }
>();

/** Handles a model message; answers the calls among them (a failure throws, to be answered as one). */
export function onModelMessage(message: ModelToWorker, localsById: Map<number, PageLocals>): ModelFromWorker | null {
  if (message.kind === 'model') {
    const { kind: _, id, ...parts } = message;
    const base = parts.base === null ? new Map<string, BuiltIncident>() : builtById.get(parts.base);
    const built = new Map(base);
    for (const dropped of parts.drop) built.delete(dropped);
    receiving.set(id, { parts, built, missing: !base });
    return null;
  }
  if (message.kind === 'model-incidents') {
    const into = receiving.get(message.id)?.built;
    for (const incident of message.items) into?.set(incident.id, incident);
    return null;
  }
  if (message.kind === 'routes') {
    const locals = localsById.get(message.localsId);
    if (!locals) throw new Error(`the render thread was not sent locals #${message.localsId}`);
    return { kind: 'routes-listed', call: message.call, routes: allPageRoutes(locals.model) };
  }
  const { call, id, scope } = message;
  const received = receiving.get(id);
  receiving.delete(id);
  if (!received) throw new Error(`the render thread was sent no model #${id} (it was forgotten or stopped)`);
  if (received.missing)
    throw new Error(`the render thread no longer holds model #${received.parts.base} to build #${id} from`);
  const { small, now, locals } = received.parts;
  const model = assembleSite(small, [...received.built.values()], now);
  builtById.set(id, received.built);
  localsById.set(id, { ...locals, model });
  return {
    kind: 'model-facts',
    call,
    frame: pageFrameKey(model),
    affected: scope === 'all' ? null : affectedPageRoutes(scope, model),
    wakeAt: nextWakeAt(model, siteWakeSources(locals.settings)),
  };
}

/** Locals `id` is forgotten (render-worker.ts 'forget'): so are its built incidents. */
export function forgetModel(id: number): void {
  builtById.delete(id);
  receiving.delete(id);
}
