import type { SiteModel } from '../core/model.ts';
import { modelDigest } from './model-digest.ts';
import type { PageLocals } from './renderer.ts';
import { modelDigestOnRenderThread } from './held-locals.ts';
import { affectedPageRoutes, allPageRoutes, pageFrameKey } from './routes.ts';
import type { Change } from '../core/change.ts';

/**
 * A model as the publisher uses it, wherever it is: on this thread, or held by the render thread
 * alone (model-host.ts), in which case only these small facts of it come here.
 */
export interface HeldModel {
  /**
   * What pages are rendered with (and documents built from: `locals.model`). For a model the render
   * thread holds, a stand-in the render thread resolves to it; reading it here throws.
   */
  locals: PageLocals;
  /** `pageFrameKey` of the model: when it changes, every page does. */
  frame: string;
  /** The next instant time alone changes a page (the publish clock's wake); null: none. */
  wakeAt: Date | null;
  /** Every page's route, or (`everyPage` false) those the publish's scope affects. */
  routes(everyPage: boolean): Promise<string[]>;
  /** The model's digest (model-digest.ts), computed where the model is. */
  digest(): Promise<string>;
}

/** What `PublisherDeps.loadModel` may give: a model here, or one the render thread holds. */
export type LoadedModel = SiteModel | HeldModel;

export const isHeld = (loaded: LoadedModel): loaded is HeldModel => 'frame' in loaded && 'locals' in loaded;

/** A model on this thread, as the publisher uses it. */
export function heldHere(model: SiteModel, scope: Change[] | 'all', locals: Omit<PageLocals, 'model'>): HeldModel {
  return {
    locals: { ...locals, model },
    frame: pageFrameKey(model),
    wakeAt: null,
    routes: async (everyPage) =>
      everyPage || scope === 'all' ? allPageRoutes(model) : affectedPageRoutes(scope, model),
    // On the render thread once it holds the model (the documents are built from it there), else here.
    digest: async () => (await modelDigestOnRenderThread(model)?.catch(() => null)) ?? modelDigest(model),
  };
}
