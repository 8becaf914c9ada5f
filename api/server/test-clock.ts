import { Hono } from 'hono';
import { z } from 'zod';
import { ValidationError } from '../core/errors.ts';
import { instant, parseInput } from '../core/input/common.ts';
import { toIsoOffset } from '../core/time.ts';
import { jsonBody } from '../http/json-body.ts';
import { problem } from '../http/problem.ts';
import type { TestClock } from './context.ts';

export const TEST_CLOCK_PATH = '/__test__/clock';

const moveInput = z.strictObject({ now: instant });

/**
 * `POST /__test__/clock {"now": "<ISO 8601 instant with offset>"}`: moves the test clock forward
 * and answers once `moved` (republishing everything at the new time) has finished, so that a test
 * reading a page next sees that time. Only mounted while SHIRASE_TEST_CLOCK is set, which
 * production refuses (config.ts). Moves are taken one at a time: each is checked against the
 * clock as the previous one left it.
 */
export function testClockApp(deps: { clock: TestClock; moved: (at: Date) => Promise<void> }) {
  const app = new Hono<{ Variables: { body: unknown } }>();
  let queue: Promise<unknown> = Promise.resolve();

  app.post(TEST_CLOCK_PATH, jsonBody, async (c) => {
    const { now: at } = parseInput(moveInput, c.var.body);
    const move = queue.then(async () => {
      const current = deps.clock.now();
      if (at < current)
        throw new ValidationError([
          { field: 'now', message: `must not be before the clock's current time, ${toIsoOffset(current)}` },
        ]);
      deps.clock.set(at);
      await deps.moved(at);
    });
    queue = move.catch(() => {});
    await move;
    return c.json({ now: toIsoOffset(at) });
  });
  app.all(TEST_CLOCK_PATH, (c) =>
    problem(c, 405, `${c.req.method} is not allowed here; use POST.`, { headers: { Allow: 'POST' } }),
  );
  app.onError((err, c) => {
    if (err instanceof ValidationError) return problem(c, 422, err.message, { issues: err.issues });
    return problem(c, 500, `The clock moved, but republishing failed: ${(err as Error).message}`);
  });
  return app;
}
