/** One file of a generation, as the store keeps it (contract with api/publish/store.ts). */
export interface ManifestEntry {
  path: string;
  contentType: string;
  status: number;
  hash: string;
  /** ISO 8601. */
  lastModified: string;
  cacheControl: string;
  gzip: boolean;
  br: boolean;
}

/** A whole published site: what the publisher shares and every other instance installs. */
export interface Generation {
  id: string;
  publishedAt: string;
  meta: Record<string, string>;
  files: ManifestEntry[];
}

/** The bytes behind one hash, in the encodings the store keeps. */
export interface StoredObject {
  identity: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
}

/** What the cluster needs of the file store (api/publish/store.ts's FileStore). */
export interface SharedStore {
  generation(): Generation | null;
  /** Runs after each commit of the store's own (not after `adopt`). */
  onCommitted(fn: (gen: Generation, objects: (hash: string) => Promise<StoredObject>) => Promise<void> | void): void;
  /** Installs a generation published elsewhere, fetching only the objects it lacks, all or nothing. */
  adopt(gen: Generation, fetch: (hashes: string[]) => Promise<Map<string, StoredObject>>): Promise<void>;
  read(file: { hash: string; path: string }, encoding: 'identity' | 'gzip' | 'br'): Promise<Buffer>;
}
