import type { Change } from '../core/change.ts';
import type { SiteModel } from '../core/model.ts';

/** The next instant after `now` at which time alone makes a published file wrong; null = never by itself. */
export type WakeSource = (model: SiteModel, now: Date) => Date | null;

/** setTimeout's limit is 2^31 − 1 ms (about 24.8 days); a later wake is reached in hops. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** After a wake whose publish fails (database away), try again this soon; the next model read re-arms anyway. */
const RETRY_MS = 60_000;

/**
 * Republishes when time alone changes what pages say (an update falls due, the support desk opens,
 * a day begins, a maintenance window opens): every model the publisher reads passes through
 * `observe`, which sets one timer for the earliest instant any source names. The timer notifies
 * `{ kind: 'clock' }`, whose publish reads a model again and so sets the next timer.
 */
export function createPublishClock(deps: { sources: WakeSource[]; notify: (change: Change) => void; now: () => Date }) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt: number | null = null;

  function arm(at: number): void {
    clearTimeout(timer);
    wakeAt = at;
    timer = setTimeout(fire, Math.min(Math.max(0, at - deps.now().getTime()), MAX_DELAY_MS));
    timer.unref?.();
  }

  function fire(): void {
    if (wakeAt !== null && deps.now().getTime() < wakeAt) {
      arm(wakeAt);
      return;
    }
    arm(deps.now().getTime() + RETRY_MS);
    deps.notify({ kind: 'clock' });
  }

  return {
    /** Passes the model through, after setting the timer from it. */
    observe(model: SiteModel): SiteModel {
      const now = model.generatedAt;
      const times = deps.sources
        .map((source) => source(model, now)?.getTime())
        .filter((t): t is number => t !== undefined && t > now.getTime());
      if (times.length) arm(Math.min(...times));
      else {
        clearTimeout(timer);
        wakeAt = null;
      }
      return model;
    },
    /** When the timer will fire next (tests, logs). */
    get wakeAt(): Date | null {
      return wakeAt === null ? null : new Date(wakeAt);
    },
    stop(): void {
      clearTimeout(timer);
      wakeAt = null;
    },
  };
}
