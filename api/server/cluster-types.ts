import type { FileStore } from '../publish/store.ts';

export type { Generation, ManifestEntry, ObjectBytes as StoredObject } from '../publish/store.ts';

/** What the cluster needs of the file store: its generation, a hook after its own commits, and adopting another's. */
export type SharedStore = Pick<FileStore, 'generation' | 'onCommitted' | 'adopt' | 'read'>;
