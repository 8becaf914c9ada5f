import type { GenerationDelta } from '../publish/store-follower.ts';
import type { ListenerConfig } from './listener-config.ts';

/** What the serving thread is started with (serve-thread.ts → serve-thread-worker.ts). */
export interface ServeThreadData {
  host: string;
  port: number;
  /** Connection caps, timeouts and TLS (listener.ts). */
  listener: ListenerConfig;
  /** `<DATA_DIR>/site`: the store's folder, read only. */
  siteDir: string;
  hotBytes: number;
  testClockPath: string | null;
  /** The generation the store opened with, whole; null before anything was ever published. */
  initial: GenerationDelta | null;
}

/** A request for the backend (the operator API, the test clock), as the serving thread read it. */
export interface BridgedRequest {
  kind: 'request';
  id: number;
  door: 'api' | 'testClock';
  method: string;
  url: string;
  /** As received: name, value, name, value… (repeated headers stay repeated). */
  headers: string[];
  /** Null for GET and HEAD; at most the API's body limit plus one byte (see `truncated`). */
  body: Uint8Array | null;
  /** The body was longer than the limit: only its first bytes came, and the API refuses it by its length. */
  truncated: boolean;
  /** The client's socket as the serving thread saw it (api/http/client-address.ts reads it). */
  peer: BridgedPeer;
}

/** The client's address (the subscription door throttles per client by it) and whether it came over TLS. */
export interface BridgedPeer {
  remoteAddress: string | null;
  encrypted: boolean;
}

export type FromServeThread =
  | { kind: 'listening'; port: number }
  | { kind: 'applied'; seq: number }
  | { kind: 'closed' }
  /** The thread's request counts (api/metrics/request-counts.ts), asked for by a scrape. */
  | { kind: 'counts'; id: number; counts: Float64Array }
  | BridgedRequest;

export type ToServeThread =
  | { kind: 'generation'; seq: number; delta: GenerationDelta }
  /** `headers` flat, as writeHead takes them (several Set-Cookie stay several). */
  | { kind: 'response'; id: number; status: number; headers: string[]; body: ArrayBuffer }
  /** No backend to answer (it could not be loaded: the process is ending): the connection is dropped. */
  | { kind: 'unanswered'; id: number }
  | { kind: 'close'; stepMs: number }
  | { kind: 'counts'; id: number }
  /** The main thread's heartbeat (api/metrics/liveness.ts). */
  | { kind: 'alive' };
