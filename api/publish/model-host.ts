/**
 * The site model for a publisher whose pages render on the render thread: the thread answering
 * reads keeps no copy of it between publishes. This thread reads the database (its connection
 * lives here: PGlite is in-process), the small tables at every publish and the incidents a write
 * named (all of them at start, on 'all', or for a thread that does not hold the last model); the
 * render thread keeps the built incidents, derives the model (model-worker.ts) and answers with what
 * the publisher needs of it: the page frame, the routes, the digest, the publish clock's next wake.
 * A renderer without a render thread (tests, in-process) gets the model here, as before.
 */
import type { Db } from '../../db/client.ts';
import type { Change } from '../core/change.ts';
import type { SiteModel } from '../core/model.ts';
import { nextWakeAt, siteWakeSources } from '../core/queries/assemble-site.ts';
import {
  createSiteModelLoader,
  incidentIdsIfPatchable,
  readIncidents,
  readSmallTables,
} from '../core/queries/site-model.ts';
import type { SiteSettings } from '../core/settings.ts';
import { type HeldModel, heldHere } from './held-model.ts';
import type { ModelParts } from './model-worker.ts';
import type { PageLocals, Renderer } from './renderer.ts';

export interface ModelHostDeps {
  db: () => Db;
  /** Its `threads` when it renders on a render thread; otherwise the model is kept on this thread. */
  renderer: Promise<Pick<Renderer, 'threads'>>;
  settings: SiteSettings;
  pageLocals?: Omit<PageLocals, 'model' | 'settings'>;
}

export function createModelHost(deps: ModelHostDeps) {
  const locals: Omit<PageLocals, 'model'> = { ...deps.pageLocals, settings: deps.settings };
  const sources = siteWakeSources(deps.settings);
  /** The last model sent, as the render thread knows it: the next publish after a write sends only what it re-read. */
  let last: { id: number; at: Date } | null = null;
  let here: ReturnType<typeof createSiteModelLoader> | null = null;
  /** How many incidents this thread kept after its last load (none with a render thread): tests. */
  let keptHere = 0;

  async function load(now: Date, scope: Change[] | 'all'): Promise<HeldModel> {
    const { threads } = await deps.renderer;
    if (!threads) {
      here ??= createSiteModelLoader(deps.db);
      const model = await here(now, scope);
      keptHere = model.incidents.length;
      return { ...heldHere(model, scope, locals), wakeAt: nextWakeAt(model, sources) };
    }
    const thread = await threads.start();
    // Patched only from the very model the thread holds, read at an earlier instant.
    const base = last && thread.holds(last.id) && now >= last.at ? last.id : null;
    const ids = base !== null && scope !== 'all' ? incidentIdsIfPatchable(scope) : null;
    const parts = await read(now, ids, base);
    const token: PageLocals = { ...locals, model: heldElsewhere() };
    const reload = async (to: typeof thread, id: number) => {
      // A thread that replaced the one holding it (stopped, died) gets the whole model again.
      const whole = await read(now, null, null);
      await to.sendModel(id, whole, 'all');
    };
    last = null;
    const facts = await threads.hostModel(thread, token, parts, scope, reload);
    const id = threads.idOf(token)!;
    last = { id, at: now };
    keptHere = 0;
    return {
      locals: token,
      frame: facts.frame,
      wakeAt: facts.wakeAt,
      routes: async (everyPage) =>
        !everyPage && facts.affected ? facts.affected : threads.holding(token, (t, held) => t.routes(held)),
      digest: () => threads.holding(token, (t, held) => t.digest(held)),
    };
  }

  async function read(now: Date, ids: string[] | null, base: number | null): Promise<ModelParts> {
    const db = deps.db();
    const [small, incidents] = await Promise.all([
      readSmallTables(db),
      ids && ids.length === 0 ? [] : readIncidents(db, ids),
    ]);
    return { base: ids ? base : null, now, small, locals, drop: ids ?? [], incidents };
  }

  return Object.assign(load, {
    /** Incidents this thread holds between publishes: 0 when the render thread holds the model. */
    keptHere: () => keptHere,
  });
}

/** The stand-in for a model only the render thread holds: reading it here is a bug, said as such. */
function heldElsewhere(): SiteModel {
  return new Proxy({} as SiteModel, {
    get(_, key) {
      if (typeof key === 'symbol') return undefined;
      throw new Error(`the site model is held by the render thread: read its ${key} there (model-host.ts)`);
    },
  });
}
