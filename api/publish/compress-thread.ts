/**
 * The render thread's compressor: a thread of its own (compress-worker.ts) that makes each file's
 * gzip and brotli variants while the render thread renders the next page. Started on the first file
 * to compress, started again after it died; it never keeps its parent alive while idle. Only types
 * are imported from the worker, so Node runs this file by stripping them.
 */
import { Worker } from 'node:worker_threads';
import type { CompressWorkerData, FromCompressor, ToCompressor } from './compress-worker.ts';

export interface Encoded {
  /** The body's bytes (the same bytes: they went to the compressor and back, or were copied there). */
  identity: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
}

interface Pending {
  resolve: (encoded: Encoded) => void;
  reject: (err: Error) => void;
}

/**
 * An ArrayBuffer holding exactly `b`'s bytes that may be transferred: `b`'s own when it is all of it
 * and `b` is ours to give away, else a copy (a small Buffer is a view of a shared pool; a document's
 * body may be held by its builder's cache).
 */
export function transferable(b: Buffer, ours: boolean): ArrayBuffer {
  return ours && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer
    ? b.buffer
    : (b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
}

export class CompressThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private lastId = 0;
  private readonly priority: number | null;

  /** `priority`: the niceness the thread takes (the render thread's), null to leave it as started. */
  constructor(priority: number | null) {
    this.priority = priority;
  }

  /**
   * The variants of `body` (which must be compressible: see isCompressible). `ours`: nothing else
   * holds `body`, which is then moved to the compressor and back rather than copied; it must not be
   * used after this call, only the identity bytes it resolves with.
   */
  encode(body: Buffer, contentType: string, ours: boolean): Promise<Encoded> {
    const worker = this.start();
    const id = ++this.lastId;
    const bytes = transferable(body, ours);
    return new Promise<Encoded>((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      const message: ToCompressor = { kind: 'encode', id, body: bytes, contentType };
      worker.postMessage(message, [bytes]);
    });
  }

  /** The compressor is idle: it collects its garbage (a thread never started has none). */
  collect(): void {
    this.worker?.postMessage({ kind: 'collect' } satisfies ToCompressor);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./compress-worker.ts', import.meta.url), {
      workerData: { priority: this.priority } satisfies CompressWorkerData,
      // Bodies arrive as transferred buffers, outside the heap: its own objects are a few messages.
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 },
    });
    worker.on('message', (message: FromCompressor) => {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.kind === 'failed') call.reject(new Error(`compressing a file failed: ${message.message}`));
      else
        call.resolve({
          identity: Buffer.from(message.identity),
          gzip: message.gzip && Buffer.from(message.gzip),
          br: message.br && Buffer.from(message.br),
        });
    });
    const died = (cause: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const call of this.pending.values()) call.reject(cause);
      this.pending.clear();
    };
    worker.on('error', (err) => died(new Error(`the compressing thread failed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => died(new Error(`the compressing thread exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
