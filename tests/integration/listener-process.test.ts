import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as tlsConnect, type SecureVersion } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server.ts';
import { makeSelfSigned } from '../support/tls.ts';

type Started = Awaited<ReturnType<typeof startServer>>;
const portOf = (url: string) => Number(new URL(url).port);

/** Status and headers of a GET, from a client bound to `from`; `ca` makes it HTTPS. */
function get(port: number, pathName: string, opts: { from?: string; ca?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const send = opts.ca ? httpsRequest : httpRequest;
    const req = send(
      { port, host: '127.0.0.1', localAddress: opts.from, path: pathName, agent: false, ca: opts.ca },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode!, headers: res.headers });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the production process with TLS_CERT, TLS_KEY and MAX_CONNECTIONS_PER_ADDRESS (the serving thread)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-tls-'));
  let server: Started;
  let cert: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    const files = makeSelfSigned(dir);
    cert = readFileSync(files.cert, 'utf8');
    server = await startServer({
      DATA_DIR: path.join(dir, 'data'),
      TLS_CERT: files.cert,
      TLS_KEY: files.key,
      MAX_CONNECTIONS_PER_ADDRESS: '4',
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The protocol a handshake at exactly `version` settled on, or the error's code. */
  const handshake = (version: SecureVersion) =>
    new Promise<string>((resolve) => {
      const socket = tlsConnect({
        port: portOf(server.url),
        host: '127.0.0.1',
        ca: cert,
        minVersion: version,
        maxVersion: version,
        // Lets this client offer TLS 1.1 at all: the refusal seen must be the server's.
        ciphers: 'DEFAULT@SECLEVEL=0',
      });
      socket.once('secureConnect', () => {
        resolve(socket.getProtocol() ?? '');
        socket.end();
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });

  it('refuses TLS 1.1 and accepts TLS 1.2 and 1.3', async () => {
    expect(await handshake('TLSv1.1')).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    expect(await handshake('TLSv1.2')).toBe('TLSv1.2');
    expect(await handshake('TLSv1.3')).toBe('TLSv1.3');
  });

  it('serves / and the API over HTTPS, with Strict-Transport-Security on both', async () => {
    const port = portOf(server.url);
    const page = await get(port, '/', { ca: cert });
    expect(page.status).toBe(200);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
    const health = await get(port, '/api/v1/health', { ca: cert });
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
    const missing = await get(port, '/no-such-page/', { ca: cert });
    expect(missing.status).toBe(404);
    expect(missing.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('puts the security headers and HSTS on every answer: page, asset, feed, API read and error, 404, subscription page', async () => {
    const port = portOf(server.url);
    const paths = {
      page: '/',
      asset: '/assets/service-levels.js',
      feed: '/history.atom',
      'JSON document': '/api/v2/summary.json',
      'API read': '/api/v1/components',
      'API error': '/api/v1/incidents/no-such-incident',
      'page not found': '/no-such-page/',
      'subscription page': '/subscription/confirm?token=x',
    };
    const statuses: Record<string, number> = {};
    for (const [what, p] of Object.entries(paths)) {
      const { status, headers } = await get(port, p, { ca: cert });
      statuses[what] = status;
      expect(headers['x-content-type-options'], what).toBe('nosniff');
      expect(headers['referrer-policy'], what).toBeTruthy();
      expect(headers['x-frame-options'], what).toBe('DENY');
      expect(headers['strict-transport-security'], what).toBe('max-age=31536000');
    }
    expect(Object.values(statuses)).toEqual([200, 200, 200, 200, 200, 404, 404, 200]);
  });

  /** A request without a body (neither Content-Length nor Transfer-Encoding), as `curl -X DELETE` sends it. */
  const bodiless = (method: string, pathName: string) =>
    new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = httpsRequest(
        { port: portOf(server.url), host: '127.0.0.1', method, path: pathName, agent: false, ca: cert },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode!, headers: res.headers });
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('forwards a bodiless DELETE to the API and answers it (it arrives already ended)', async () => {
    expect((await bodiless('DELETE', '/api/v1/contacts/no-such-contact')).status).toBe(401);
  });

  it('answers a request the bridge cannot carry (TRACE, which fetch refuses) with 400 and the same headers', async () => {
    const trace = await bodiless('TRACE', '/api/v1/health');
    expect(trace.status).toBe(400);
    expect(trace.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'strict-transport-security': 'max-age=31536000',
    });
  });

  it('closes one address’s sockets past its cap unanswered, while another address still gets / with 200', async () => {
    const port = portOf(server.url);
    // Plain TCP: a socket is counted when it connects, before any handshake.
    const open = async () => {
      const s = tcpConnect({ port, host: '127.0.0.1', localAddress: '127.0.0.1' });
      s.on('error', () => {});
      sockets.push(s);
      await once(s, 'connect');
      return s;
    };
    for (let i = 0; i < 4; i++) await open();
    const fifth = await open();
    let got = '';
    fifth.on('data', (d) => (got += d));
    if (!fifth.closed) await once(fifth, 'close');
    expect(got).toBe('');
    expect((await get(port, '/', { from: '127.0.0.2', ca: cert })).status).toBe(200);
    expect(server.output()).toMatch(/1 over MAX_CONNECTIONS_PER_ADDRESS \(4\)/);
  });
});
