import type { Change } from '../core/change.ts';

/** The channel an instance that committed a write announces its Change on, for the publishing instance. */
export const CHANGES_CHANNEL = 'shirase_changes';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; past this, the publisher is asked for everything. */
const MAX_PAYLOAD_BYTES = 7_900;
const KINDS = new Set(['component', 'group', 'incident', 'maintenance', 'notice', 'clock']);

/** A Change as a NOTIFY payload; `'all'` asks for a full publish. */
export function encodeChange(change: Change | 'all'): string {
  if (change === 'all') return 'all';
  const payload = JSON.stringify(change);
  return Buffer.byteLength(payload) < MAX_PAYLOAD_BYTES ? payload : 'all';
}

/** The Change a payload names; anything unreadable (another version's payload) asks for a full publish. */
export function decodeChange(payload: string): Change | 'all' {
  if (payload === 'all') return 'all';
  try {
    const c = JSON.parse(payload) as { kind?: unknown; id?: unknown };
    if (c.kind === 'clock') return { kind: 'clock' };
    if (typeof c.kind === 'string' && KINDS.has(c.kind) && typeof c.id === 'string') return c as Change;
  } catch {}
  return 'all';
}
