/**
 * The console's session limits, apart from the sessions' queries (console-sessions.ts): the
 * configuration reads them at start-up, before the database layer is loaded.
 */

/** Idle and absolute limits of a console session (CONSOLE_IDLE_MINUTES, CONSOLE_SESSION_HOURS). */
export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMinutes: 30, absoluteHours: 12 };
