/**
 * The thread that compresses what the render thread renders (started by compress-thread.ts), one
 * file after another with zlib's synchronous API. Through the callback API each gzip and brotli call
 * went through a stream on the calling thread and a hop to libuv's pool: on the five-year history
 * that was ~4.9 s of the render thread's ~24 s of CPU in a whole publish, and the pool's threads
 * spent ~6.6 s more on work one thread does in ~3.5 s alone (docs/benchmarks.md). Node runs this
 * file and those it imports by stripping their types.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { transferable } from './compress-thread.ts';
import { encodeVariantsSync } from './object-codec.ts';
import { releaseHeap } from './release-heap.ts';

export interface CompressWorkerData {
  /** The priority (niceness) this thread takes, the render thread's; null: leave it. */
  priority: number | null;
}

export type ToCompressor =
  | { kind: 'encode'; id: number; body: ArrayBuffer; contentType: string }
  /** Idle: collect the garbage and give the emptied pages back. */
  | { kind: 'collect' };

export type FromCompressor =
  | { kind: 'encoded'; id: number; identity: ArrayBuffer; gzip: ArrayBuffer | null; br: ArrayBuffer | null }
  | { kind: 'failed'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('compress-worker.ts runs as a worker thread started by api/publish/compress-thread.ts');

const { priority } = workerData as CompressWorkerData;
if (priority !== null)
  try {
    // 0: the calling thread (Linux applies setpriority to one thread).
    setPriority(0, priority);
  } catch {
    // Refused: it keeps its priority.
  }

port.on('message', (message: ToCompressor) => {
  if (message.kind === 'collect') {
    releaseHeap();
    return;
  }
  const { id, body, contentType } = message;
  let answer: FromCompressor;
  const transfer: ArrayBuffer[] = [];
  try {
    const { gzip, br } = encodeVariantsSync(Buffer.from(body), contentType);
    answer = {
      kind: 'encoded',
      id,
      identity: body,
      gzip: gzip && transferable(gzip, true),
      br: br && transferable(br, true),
    };
    transfer.push(body);
    if (answer.gzip) transfer.push(answer.gzip);
    if (answer.br) transfer.push(answer.br);
  } catch (err) {
    answer = { kind: 'failed', id, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(answer, transfer);
});
