import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../api/publish/store.ts';
import { serveStatic } from '../../api/server/static.ts';

const NOW = new Date('2026-11-24T01:00:00Z');
const BODY = Buffer.from(JSON.stringify({ state: 'operational', pad: 'x'.repeat(40_000) }));

interface Answer {
  head: string;
  body: Buffer;
}

/** A keep-alive connection read as bytes: each answer's status line and headers exactly as sent, and its body. */
class RawClient {
  private readonly socket: Socket;
  private buffered = Buffer.alloc(0);
  private readonly answers: Answer[] = [];
  /** Per request sent and not yet answered: whether its answer carries no body (HEAD, 304). */
  private readonly bodiless: boolean[] = [];
  private waiting: (() => void) | null = null;
  closed = false;
  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.parse();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }
  private parse() {
    for (;;) {
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buffered.subarray(0, end + 4).toString('latin1');
      const noBody = (this.bodiless[0] ?? false) || head.startsWith('HTTP/1.1 304');
      const length = noBody ? 0 : Number(/\r\ncontent-length: (\d+)\r\n/i.exec(head)?.[1] ?? 0);
      if (this.buffered.length < end + 4 + length) return;
      this.bodiless.shift();
      this.answers.push({ head, body: this.buffered.subarray(end + 4, end + 4 + length) });
      this.buffered = this.buffered.subarray(end + 4 + length);
      this.waiting?.();
    }
  }
  /** Sends requests (written at once: pipelined when several), each `[method, path, extra header lines]`. */
  send(...requests: Array<[method: 'GET' | 'HEAD', path: string, extra?: string]>) {
    let text = '';
    for (const [method, path, extra = ''] of requests) {
      text += `${method} ${path} HTTP/1.1\r\nHost: status.test\r\n${extra}\r\n`;
      this.bodiless.push(method === 'HEAD');
    }
    this.socket.write(text);
  }
  /** Sends one request as written (`bodiless` when its answer has no body). */
  sendRaw(text: string, bodiless = false) {
    this.bodiless.push(bodiless);
    this.socket.write(text);
  }
  /** The next `count` answers, in the order they came. */
  async take(count: number): Promise<Answer[]> {
    while (this.answers.length < count && !this.closed) await new Promise<void>((r) => (this.waiting = r));
    expect(this.answers.length, 'answers before the connection closed').toBeGreaterThanOrEqual(count);
    return this.answers.splice(0, count);
  }
  async ended(): Promise<void> {
    while (!this.closed) await new Promise<void>((r) => (this.waiting = r));
  }
  close() {
    this.socket.destroy();
  }
}

const SUMMARY = ['GET', '/api/v2/summary.json'] as ['GET', string];
const withoutDate = (head: string) => head.replace(/\r\nDate: [^\r]+\r\n/, '\r\nDate: -\r\n');

describe('a hot file answered again within its second', () => {
  let store: FileStore;
  let server: Server;
  let port = 0;
  /** Each answer whose headers serveStatic had Node build (writeHead), in request order: true if it did. */
  const built: boolean[] = [];
  beforeAll(async () => {
    store = await FileStore.open({ dir: null, hotBytes: 1024 * 1024 });
    await store.commit([{ path: '/api/v2/summary.json', contentType: 'application/json', body: BODY }], NOW);
    server = createServer({ optimizeEmptyRequests: true }, (req, res) => {
      let called = false;
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
      res.writeHead = ((...args: unknown[]) => {
        called = true;
        return writeHead(...args);
      }) as typeof res.writeHead;
      void serveStatic(store, req, res);
      built.push(called);
    });
    server.maxRequestsPerSocket = 200;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  it('sends the bytes Node writes, Date included, without building the headers for each answer', async () => {
    built.length = 0;
    const client = new RawClient(port);
    const answers: Answer[] = [];
    // One at a time, as a poller does: most of them land in a second already answered in.
    for (let i = 0; i < 60; i++) {
      client.send(SUMMARY);
      answers.push(...(await client.take(1)));
    }
    client.close();
    const first = answers[0]!.head;
    expect(first).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\n/);
    expect(first).toMatch(/\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=200\r\n\r\n$/);
    for (const a of answers) {
      expect(withoutDate(a.head)).toBe(withoutDate(first));
      expect(a.body.equals(BODY)).toBe(true);
    }
    // Each answer's Date is the second it was sent in: never earlier than the one before it.
    const dates = answers.map((a) => Date.parse(/\r\nDate: ([^\r]+)\r\n/.exec(a.head)![1]!));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    // At most the first two answers of each second (and one more at its turn) have Node build the headers.
    const seconds = new Set(dates).size;
    expect(built.filter(Boolean).length).toBeLessThanOrEqual(3 * seconds);
  });

  it('still closes the connection when the client asks, HTTP/1.0 asks nothing, or the server limit is reached', async () => {
    const warm = new RawClient(port);
    warm.send(SUMMARY, SUMMARY, SUMMARY);
    await warm.take(3);
    // Sent in the same burst, after answers that were kept alive: each must not get their headers.
    warm.send([...SUMMARY, 'Connection: close\r\n']);
    const [closing] = await warm.take(1);
    expect(closing!.head).toMatch(/\r\nConnection: close\r\n\r\n$/);
    expect(closing!.body.equals(BODY)).toBe(true);
    await warm.ended();

    const old = new RawClient(port);
    old.sendRaw('GET /api/v2/summary.json HTTP/1.0\r\nHost: status.test\r\n\r\n');
    const [oneZero] = await old.take(1);
    expect(oneZero!.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(oneZero!.head).toMatch(/\r\nConnection: close\r\n\r\n$/);
    await old.ended();

    const limited = new RawClient(port);
    limited.send(...Array.from({ length: 200 }, () => SUMMARY));
    const all = await limited.take(200);
    expect(
      all
        .slice(0, 199)
        .every((a) => a.head.endsWith('\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=200\r\n\r\n')),
    ).toBe(true);
    expect(all[199]!.head).toMatch(/\r\nConnection: close\r\n\r\n$/);
    limited.close();
  });

  it('answers pipelined requests in order, a HEAD with the same headers and no body', async () => {
    const client = new RawClient(port);
    client.send(
      SUMMARY,
      SUMMARY,
      ['HEAD', '/api/v2/summary.json'],
      [...SUMMARY, 'If-None-Match: "nothing-like-it"\r\n'],
    );
    const [a, b, head, last] = await client.take(4);
    client.close();
    for (const got of [a, b, last]) expect(got!.body.equals(BODY)).toBe(true);
    expect(withoutDate(head!.head)).toBe(withoutDate(a!.head));
    expect(head!.body.length).toBe(0);
    expect(withoutDate(last!.head)).toBe(withoutDate(a!.head));
  });
});
