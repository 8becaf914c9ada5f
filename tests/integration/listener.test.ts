import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/server/config.ts';
import { type Running, startShirase } from '../../api/server/main.ts';
import { freePort } from '../support/http.ts';

// The production listener, in this process; its database (a closed port) never answers, which is
// all these requests need: the listener is what is looked at.
describe('the HTTP listener', () => {
  let running: Running;
  /** Each request as it reached the listener: whether its body stream had ended already. */
  const arrived: Array<{ method: string; ended: boolean }> = [];
  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: 'memory',
      DATABASE_URL: `postgres://shirase@127.0.0.1:${await freePort()}/shirase`,
      SITE_URL: 'https://status.example.jp',
    });
    running = await startShirase(config, () => {});
    running.server!.prependListener('request', (req: IncomingMessage) => {
      arrived.push({ method: req.method!, ended: req.readableEnded });
    });
  });
  afterAll(async () => {
    await running.close();
  });

  it('takes a request without a body as ended on arrival, and still streams one with a body', async () => {
    const url = running.url.replace('localhost', '127.0.0.1');
    const page = await fetch(`${url}/api/v2/summary.json`);
    await page.arrayBuffer();
    const post = await fetch(`${url}/api/v2/summary.json`, { method: 'POST', body: 'x'.repeat(10_000) });
    await post.arrayBuffer();
    expect(arrived).toEqual([
      { method: 'GET', ended: true },
      { method: 'POST', ended: false },
    ]);
    // Nothing published yet (its database never answered): both are told to come back.
    expect([page.status, post.status]).toEqual([503, 503]);
  });
});
