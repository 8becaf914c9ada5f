/** The test-clock door of a server started with SHIRASE_TEST_CLOCK (api/server/test-clock.ts). */
export const TEST_CLOCK_PATH = '/__test__/clock';

/**
 * Moves the clock of the server at `url` forward to `iso` (an ISO 8601 instant with offset). Resolves
 * once the server has republished every page at that time, with the instant it answered; a refusal
 * (a move backwards, a server without a test clock) fails with the server's own words.
 */
export async function setClock(url: string, iso: string): Promise<string> {
  const res = await fetch(url + TEST_CLOCK_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ now: iso }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`setClock(${iso}) answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { now: string }).now;
}
