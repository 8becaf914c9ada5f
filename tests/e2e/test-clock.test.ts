import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock, TEST_CLOCK_PATH } from '../support/clock.ts';
import { startServer } from '../support/server.ts';

/** A Tuesday morning; the standing window (third Wednesday, 02:00–04:00 JST) opens the next night. */
const PINNED = '2026-12-15T10:00:00+09:00';
const WINDOW_OPEN = '2026-12-16T02:00:30+09:00';
const MAINTENANCE_BANNER = 'メンテナンスを実施しています';

interface Problem {
  detail: string;
  errors: Array<{ field: string }>;
}

const moveClock = (url: string, now: string) =>
  fetch(url + TEST_CLOCK_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ now }),
  });

describe('the test clock of the built server (SHIRASE_TEST_CLOCK and POST /__test__/clock)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const page = async (path: string) => (await fetch(server.url + path)).text();

  beforeAll(async () => {
    server = await startServer({}, { clock: PINNED });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts the whole server at the pinned instant: the API, the seeded records and the published pages', async () => {
    const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as { time: string };
    // Runs on at real speed from the pinned instant: start-up takes seconds, not hours.
    expect(health.time).toMatch(/^2026-12-15T01:0/);
    // "Last updated" is when the demo catalogue and the standing window's occurrences were stored.
    expect(await page('/')).toMatch(
      /最終更新: <time datetime="2026-12-15T10:0\d:\d\d\.\d{3}\+09:00">2026年12月15日 10:0\d/,
    );
    expect(await page('/service-levels/')).toMatch(/2026年12月15日 10:0\d 日本時間 時点の集計です/);
    expect(await page('/')).not.toContain(MAINTENANCE_BANNER);
  });

  it('moved across the start of the standing window, republishes before answering: the home page says maintenance is in progress', async () => {
    expect(await setClock(server.url, WINDOW_OPEN)).toBe('2026-12-16T02:00:30.000+09:00');
    const home = await page('/');
    expect(home).toContain(MAINTENANCE_BANNER);
    expect(home).toContain('data-maintenance="monthly20261216"');
    const status = (await (await fetch(`${server.url}/api/v2/status.json`)).json()) as {
      status: { indicator: string };
    };
    expect(status.status.indicator).toBe('maintenance');
    expect(await page('/service-levels/')).toMatch(/2026年12月16日 02:00 日本時間 時点の集計です/);
  });

  it('refuses to move backwards with a 422 problem naming the field, and keeps its time', async () => {
    const res = await moveClock(server.url, PINNED);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as Problem;
    expect(problem.errors.map((e) => e.field)).toEqual(['now']);
    expect(problem.detail).toContain("must not be before the clock's current time");
    expect(await page('/')).toContain(MAINTENANCE_BANNER);
  });

  it('refuses a time without an offset, naming the field', async () => {
    const res = await moveClock(server.url, '2027-01-01T00:00:00');
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors[0]!.field).toBe('now');
  });
});

describe('without SHIRASE_TEST_CLOCK', () => {
  it('has no test-clock door: the server runs on the real clock and a move is not answered', async () => {
    const server = await startServer();
    try {
      const res = await moveClock(server.url, '2099-01-01T00:00:00+09:00');
      expect(res.status).not.toBe(200);
      await res.arrayBuffer();
      const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as { time: string };
      expect(new Date(health.time).getFullYear()).toBeLessThan(2099);
    } finally {
      await server.stop();
    }
  });

  it('with NODE_ENV=production, a set SHIRASE_TEST_CLOCK makes the server refuse to start, saying why', async () => {
    await expect(startServer({ NODE_ENV: 'production', SHIRASE_TEST_CLOCK: PINNED })).rejects.toThrow(
      /exited with 1[\s\S]*SHIRASE_TEST_CLOCK is set: in production Shirase refuses to start/,
    );
  });
});
