/** LOG_LEVEL and LOG_FORMAT: how much the server writes to stdout, and in which form. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['json', 'text'] as const;

export interface LogConfig {
  /** The least severe level written (default info). */
  level: (typeof LOG_LEVELS)[number];
  /** `json`: one JSON object a line, for a log collector (the default); `text`: one readable line, for a person at a terminal. */
  format: (typeof LOG_FORMATS)[number];
}

export const DEFAULT_LOG_CONFIG: LogConfig = { level: 'info', format: 'json' };

const pick = <T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T => {
  const value = raw?.trim().toLowerCase();
  if (!value) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`Invalid configuration: ${name} must be one of ${allowed.join(', ')}; "${raw}" is not one`);
};

/** Blank counts as unset; anything else unknown stops the start with a sentence naming the variable. */
export function logConfigFromEnv(env: Record<string, string | undefined>): LogConfig {
  return {
    level: pick('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, DEFAULT_LOG_CONFIG.level),
    format: pick('LOG_FORMAT', env.LOG_FORMAT, LOG_FORMATS, DEFAULT_LOG_CONFIG.format),
  };
}
