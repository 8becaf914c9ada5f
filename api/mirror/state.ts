/**
 * The mirror's record of what the bucket holds (STATE_NAME under the prefix), read at start so that
 * a restart uploads only what changed meanwhile. Each key maps to the signature it was uploaded
 * with (keys.ts signatureOf); the header pairs, the same for most files, are written once.
 */
export interface MirrorState {
  /** The generation the bucket holds whole, and when it was published; null before the first pass. */
  generation: string | null;
  publishedAt: string | null;
  /** Key → signature; null for a key found by listing, whose content is unknown. */
  objects: Map<string, string | null>;
}

const VERSION = 1;

interface StateFile {
  version: number;
  generation: string | null;
  publishedAt: string | null;
  /** `contentType\ncacheControl` pairs, indexed by the objects. */
  headers: string[];
  /** Key → [hash, encoding, index into headers]. */
  objects: Record<string, [string, string, number]>;
}

export function emptyState(): MirrorState {
  return { generation: null, publishedAt: null, objects: new Map() };
}

export function serializeState(state: MirrorState): string {
  const headers: string[] = [];
  const index = new Map<string, number>();
  const objects: StateFile['objects'] = {};
  for (const [key, sig] of [...state.objects].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (sig === null) continue;
    const [hash, encoding, ...rest] = sig.split('\n');
    const pair = rest.join('\n');
    let i = index.get(pair);
    if (i === undefined) {
      i = headers.push(pair) - 1;
      index.set(pair, i);
    }
    objects[key] = [hash!, encoding!, i];
  }
  const file: StateFile = {
    version: VERSION,
    generation: state.generation,
    publishedAt: state.publishedAt,
    headers,
    objects,
  };
  return JSON.stringify(file);
}

/** Null for a record this version cannot read (damaged, another version): the caller lists the bucket instead. */
export function parseState(text: string): MirrorState | null {
  let file: StateFile;
  try {
    file = JSON.parse(text) as StateFile;
  } catch {
    return null;
  }
  if (file?.version !== VERSION || typeof file.objects !== 'object' || !Array.isArray(file.headers)) return null;
  const objects = new Map<string, string | null>();
  for (const [key, value] of Object.entries(file.objects)) {
    const pair = Array.isArray(value) ? file.headers[value[2]] : undefined;
    if (typeof pair !== 'string' || typeof value[0] !== 'string' || typeof value[1] !== 'string') return null;
    objects.set(key, [value[0], value[1], pair].join('\n'));
  }
  const stringOr = (v: unknown) => (typeof v === 'string' ? v : null);
  return { generation: stringOr(file.generation), publishedAt: stringOr(file.publishedAt), objects };
}
