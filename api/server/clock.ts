import type { Change } from '../core/change.ts';
import type { SiteModel } from '../core/model.ts';
import { nextWakeAt, type WakeSource } from '../core/queries/assemble-site.ts';

export type { WakeSource } from '../core/queries/assemble-site.ts';

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

  /**
   * Sets the timer from the next wake worked out where the model is (the render thread holds it
   * when pages render there: model-host.ts); null: time alone changes no page.
   */
  function wakeBy(next: Date | null): void {
    if (next) arm(next.getTime());
    else {
      clearTimeout(timer);
      wakeAt = null;
    }
  }

  return {
    /** Passes the model through, after setting the timer from it. */
    observe(model: SiteModel): SiteModel {
      wakeBy(nextWakeAt(model, deps.sources));
      return model;
    },
    wakeBy,
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
