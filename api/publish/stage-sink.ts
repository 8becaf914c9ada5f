/**
 * How a thread other than the store's (the render thread) stores a stage's files itself: the store
 * hands it a pack and what it holds already (a `StageSink`), and is given back only where each file
 * went (`StoredInput`). See pack-writer.ts for the writing side.
 */
import type { StoredObject } from './pack-writer.ts';
import type { FileInput } from './store.ts';

export type { StoredObject } from './pack-writer.ts';

/** A file stored by another thread: the manifest's fields, and where its bytes are instead of them. */
export interface StoredInput {
  path: string;
  contentType: string;
  status?: number;
  cacheControl?: string;
  stored: StoredObject;
}

/** What a stage accepts: a body to store, or a file another thread stored. */
export type PublishInput = FileInput | StoredInput;

/** A stage's offer to let another thread write its new objects (`StoreStage.sink`). */
export interface StageSink {
  /** Unique in the process: a writer starts a new pack and forgets the known hashes when it changes. */
  readonly id: number;
  /** Whether the store keeps preferred files in memory (its hot budget is not 0): then send their bytes. */
  readonly keepsHot: boolean;
  /** Hashes the store held when first asked: a writer compresses and writes none of these again. */
  known(): string[];
  /** A new pack for one writer, named and kept by the store, synced by the stage's commit. */
  pack(): { name: string; file: string };
}

export const isStored = (input: PublishInput): input is StoredInput => 'stored' in input;
