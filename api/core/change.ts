/** What a write changed, so that the publisher regenerates only the affected pages. */
export type Change =
  | { kind: 'component'; id: string }
  | { kind: 'group'; id: string }
  | { kind: 'incident'; id: string }
  | { kind: 'maintenance'; id: string }
  | { kind: 'notice'; id: string }
  /** Time alone moved something (a maintenance window opened or closed, a month began). */
  | { kind: 'clock' };
