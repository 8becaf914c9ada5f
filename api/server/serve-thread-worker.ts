/**
 * The serving thread (started by serve-thread.ts): the HTTP listener, and every public URL answered
 * from a mirror of the published store; the operator API and the test clock are forwarded to the
 * main thread. It does nothing else, so a publish, a model read or a garbage collection on the main
 * thread never holds a read back.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { waitAtMost } from '../core/time-limit.ts';
import { MAX_BODY_BYTES } from '../http/json-body.ts';
import { countAnswered } from '../metrics/count-requests.ts';
import { answerHealth, Liveness } from '../metrics/liveness.ts';
import { RequestCounts } from '../metrics/request-counts.ts';
import { releaseHeap } from '../publish/release-heap.ts';
import { StoreMirror } from '../publish/store-follower.ts';
import { createListener } from './listener.ts';
import { lazyLog } from './log-lazy.ts';
import type { BridgedRequest, FromServeThread, ServeThreadData, ToServeThread } from './serve-thread-protocol.ts';
import { doorOf, serveNothingPublished, serveStatic, servedOverHttps } from './static.ts';

const port = parentPort;
if (!port) throw new Error('serve-thread-worker.ts runs as a worker thread started by api/server/serve-thread.ts');
const data = workerData as ServeThreadData;
const send = (message: FromServeThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const mirror = new StoreMirror(data.siteDir, data.hotBytes);
if (data.initial) {
  void mirror.apply(data.initial);
  // workerData stays referenced for the thread's life: the mirror holds what it needs of the first generation.
  data.initial = null;
  // The whole first generation arrived cloned (~5 MiB for a five-year site) and is garbage now: collected
  // once, before the first read, rather than left to grow the heap the thread keeps.
  releaseHeap();
}

/** Requests waiting for the main thread's answer, by id. */
const waiting = new Map<number, { res: ServerResponse; truncated: boolean }>();
let lastId = 0;

/**
 * The body as the API would read it, but never more than one byte past its limit: the API refuses
 * a longer one (413) by that, and the rest is not read at all (the connection closes after the answer).
 */
function readBody(req: IncomingMessage, cap: number): Promise<{ body: Uint8Array; truncated: boolean }> {
  // Without Content-Length or Transfer-Encoding a request has no body, and optimizeEmptyRequests
  // hands it over ended: no 'end' event will ever come (a bare DELETE waited forever).
  if (req.readableEnded) return Promise.resolve({ body: new Uint8Array(0), truncated: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (truncated: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', reject);
      // Its own memory (not Buffer's shared pool), so that it can be transferred rather than copied.
      const body = new Uint8Array(Math.min(size, cap));
      let at = 0;
      for (const c of chunks) {
        body.set(c.subarray(0, body.length - at), at);
        at += Math.min(c.length, body.length - at);
      }
      resolve({ body, truncated });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > cap) {
        req.pause();
        done(true);
      }
    };
    const onEnd = () => done(false);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
    // A client gone mid-body: nothing to forward (after `end` or the limit this changes nothing).
    req.once('close', () => reject(new Error('the request was closed before its body ended')));
  });
}

async function forward(door: BridgedRequest['door'], req: IncomingMessage, res: ServerResponse) {
  const method = req.method ?? 'GET';
  let read: { body: Uint8Array | null; truncated: boolean } = { body: null, truncated: false };
  if (method !== 'GET' && method !== 'HEAD')
    try {
      read = await readBody(req, MAX_BODY_BYTES + 1);
    } catch {
      return void res.destroy();
    }
  const id = ++lastId;
  waiting.set(id, { res, truncated: read.truncated });
  // A client gone before its answer: the main thread still finishes the request (a write commits).
  res.once('close', () => waiting.delete(id));
  const body = read.body;
  const message: BridgedRequest = {
    kind: 'request',
    id,
    door,
    method,
    url: req.url ?? '/',
    headers: req.rawHeaders,
    body,
    truncated: read.truncated,
    peer: { remoteAddress: req.socket.remoteAddress ?? null, encrypted: 'encrypted' in req.socket },
  };
  send(message, body ? [body.buffer as ArrayBuffer] : []);
}

function answer(message: Extract<ToServeThread, { kind: 'response' }>) {
  const call = waiting.get(message.id);
  if (!call) return;
  waiting.delete(message.id);
  const { res, truncated } = call;
  const headers = [...message.headers];
  const body = Buffer.from(message.body);
  const lower = headers.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase());
  if (!lower.includes('content-length') && message.status !== 204 && message.status !== 304)
    headers.push('Content-Length', String(body.length));
  // The rest of a body too long was never read: the connection cannot carry another request.
  if (truncated) headers.push('Connection', 'close');
  res.writeHead(message.status, headers);
  res.end(body);
}

if (data.listener.tls) servedOverHttps();
/** Every request this thread answers or forwards, for /metrics (the main thread asks for a copy). */
const requests = new RequestCounts();
/** The main thread's heartbeats, for /healthz. */
const liveness = new Liveness();
const server = createListener(data.listener, (req, res) => {
  const started = performance.now();
  const url = req.url ?? '/';
  const door = doorOf(url, data.testClockPath);
  if (door === 'health') answerHealth(res, liveness.state());
  else if (door !== 'static') void forward(door, req, res);
  else if (!mirror.generation()) serveNothingPublished(res);
  else void serveStatic(mirror, req, res);
  countAnswered(requests, url, res, started);
});

async function close(stepMs: number) {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await waitAtMost(stopped, stepMs);
  server.closeAllConnections();
  // Their connections are gone: an answer arriving now has nowhere to go.
  waiting.clear();
  send({ kind: 'closed' });
}

port.on('message', (message: ToServeThread) => {
  if (message.kind === 'generation') {
    // Swapped in synchronously, then acknowledged: the main thread's store may delete what it stopped naming.
    mirror
      .apply(message.delta)
      .catch((err: unknown) =>
        lazyLog('error')(`serving thread: forgetting retired objects failed: ${(err as Error).message}`),
      );
    send({ kind: 'applied', seq: message.seq });
  } else if (message.kind === 'response') answer(message);
  else if (message.kind === 'unanswered') {
    waiting.get(message.id)?.res.destroy();
    waiting.delete(message.id);
  } else if (message.kind === 'close') void close(message.stepMs);
  else if (message.kind === 'alive') liveness.beat();
  else if (message.kind === 'counts') {
    const counts = requests.snapshot();
    send({ kind: 'counts', id: message.id, counts }, [counts.buffer as ArrayBuffer]);
  }
});

server.once('error', (err) => {
  throw err;
});
server.listen(data.port, data.host, () => {
  const address = server.address();
  send({ kind: 'listening', port: typeof address === 'object' && address ? address.port : data.port });
});
