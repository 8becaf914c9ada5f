import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/server/config.ts';
import { type Running, startShirase } from '../../api/server/main.ts';
import { freePort } from '../support/http.ts';
import { makeSelfSigned } from '../support/tls.ts';

// The main thread's listener (DATA_DIR=memory), in this process, with TLS; its database (a closed
// port) never answers, so nothing is ever published: the listener's own answers are looked at.
describe('the main thread’s listener with TLS_CERT and TLS_KEY (DATA_DIR=memory)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-memory-tls-'));
  let running: Running;
  let ca: string;
  beforeAll(async () => {
    const files = makeSelfSigned(dir);
    ca = readFileSync(files.cert, 'utf8');
    running = await startShirase(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: 'memory',
        DATABASE_URL: `postgres://shirase@127.0.0.1:${await freePort()}/shirase`,
        TLS_CERT: files.cert,
        TLS_KEY: files.key,
      }),
      () => {},
    );
  });
  afterAll(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers over HTTPS only, and its "not published yet" 503 carries HSTS and the security headers', async () => {
    expect(running.url).toMatch(/^https:\/\/localhost:\d+$/);
    const answer = await new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: running.port, path: '/', ca, agent: false }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, headers: res.headers });
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(503);
    expect(answer.headers).toMatchObject({
      'strict-transport-security': 'max-age=31536000',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'strict-origin-when-cross-origin',
    });
    // Plain HTTP on the same port is not an answer.
    const plain = await fetch(`http://127.0.0.1:${running.port}/`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
  });
});
