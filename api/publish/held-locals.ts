/**
 * Which render thread holds a model's locals (render-thread.ts): documents and digests of a model a
 * thread holds are made there, and a model only the render thread holds (model-host.ts) is sent
 * again to a thread that replaced the one holding it.
 */
import type { Change } from '../core/change.ts';
import type { SiteModel } from '../core/model.ts';
import type { PageLocals } from './renderer.ts';
import type { RenderThread, RenderThreads } from './render-thread.ts';
import type { PublishInput, StageSink } from './stage-sink.ts';

/**
 * The render thread each model was last sent to, and as which locals: documents built from a
 * model a thread already holds are built there (`documentsOnRenderThread`), without a second
 * clone and off the serving thread. Weak: a model no publish holds any more is dropped.
 */
export const holders = new WeakMap<SiteModel, { thread: RenderThread; localsId: number }>();
/**
 * Locals whose model only the render thread holds (model-host.ts), by their stand-in model: how a
 * thread that does not hold it (one that replaced a stopped thread) is sent it again.
 */
export const hostedModels = new WeakMap<SiteModel, { threads: RenderThreads; locals: PageLocals; reload: Reload }>();
/** Sends the whole model of a hosted locals again, as locals `id`, to `thread`. */
export type Reload = (thread: RenderThread, id: number) => Promise<unknown>;

/**
 * The documents of `model` built on the render thread that holds it, or null when none does (the
 * caller builds them where it is). Used by documents/index.ts.
 */
export function documentsOnRenderThread(
  model: SiteModel,
  now: Date,
  siteUrl: string,
  scope: readonly Change[] | 'all',
  abandoned?: AbortSignal,
  /** Given, the documents are stored on the render thread, and only where they went comes back. */
  sink?: StageSink,
): Promise<PublishInput[]> | null {
  const hosted = hostedModels.get(model);
  if (hosted)
    return hosted.threads.holding(hosted.locals, (thread, id) =>
      thread.documents(id, now, siteUrl, scope, abandoned, sink),
    );
  const holder = holders.get(model);
  return holder?.thread.holds(holder.localsId)
    ? holder.thread.documents(holder.localsId, now, siteUrl, scope, abandoned, sink)
    : null;
}

/**
 * The digest of `model` (model-digest.ts) computed on the render thread that holds it, or null when
 * none does (the caller computes it where it is): on five years of history it is 100-160 ms of CPU,
 * which on the serving thread would hold every read behind it at each publish.
 */
export function modelDigestOnRenderThread(model: SiteModel): Promise<string> | null {
  const hosted = hostedModels.get(model);
  if (hosted) return hosted.threads.holding(hosted.locals, (thread, id) => thread.digest(id));
  const holder = holders.get(model);
  return holder?.thread.holds(holder.localsId) ? holder.thread.digest(holder.localsId) : null;
}
