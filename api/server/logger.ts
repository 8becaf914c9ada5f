/**
 * The server's log: one JSON object a line on stdout (pino), or one readable line with LOG_FORMAT=text.
 * Every line written while a request is handled carries its `req_id` (log-scope.ts), and
 * nothing secret reaches a line: known fields are redacted by name, and the shapes of secrets are
 * masked in every message (log-mask.ts).
 */
import pino from 'pino';
import { DEFAULT_LOG_CONFIG, type LogConfig, logConfigFromEnv } from './log-config.ts';
import { maskSecrets, secretsFromEnv } from './log-mask.ts';
import { currentRequestId } from './log-scope.ts';
import { textLine } from './log-text.ts';

/** What most of the code takes: a sentence for the log, at level info. */
export type LogLine = (line: string) => void;

type Fields = Record<string, unknown>;
export interface LevelFn {
  (msg: string): void;
  (fields: Fields, msg: string): void;
}
/** A LogLine that also logs at a level, with fields beside the message. */
export interface Log extends LogLine {
  error: LevelFn;
  warn: LevelFn;
  info: LevelFn;
  debug: LevelFn;
}

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/** Field names whose values never reach a line, at the top and one level down (`headers.cookie`). */
const REDACTED = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'token',
  'secret',
  'code',
  'totp',
  'x-api-key',
].flatMap((name) => [`["${name}"]`, `*["${name}"]`]);

const maskFields = (fields: Fields, secrets: readonly string[]): Fields => {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? maskSecrets(v, secrets) : v;
  return out;
};

/**
 * A logger writing to `destination` (default stdout, written synchronously so that its lines keep
 * their order with the process's last words on exit). `secrets`: literal values to mask wherever
 * they appear (ADMIN_TOKEN and the like, secretsFromEnv).
 */
export function createLog(
  config: LogConfig = DEFAULT_LOG_CONFIG,
  options: { destination?: { write(line: string): void }; secrets?: readonly string[] } = {},
): Log {
  const secrets = options.secrets ?? [];
  const out = options.destination ?? pino.destination({ dest: 1, sync: true });
  const destination = config.format === 'text' ? { write: (line: string) => out.write(textLine(line)) } : out;
  const p = pino(
    {
      level: config.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => maskFields(fields, secrets),
      },
      mixin: () => {
        const reqId = currentRequestId();
        return reqId === undefined ? {} : { req_id: reqId };
      },
      redact: { paths: REDACTED, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskSecrets(a, secrets) : a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
  const at =
    (level: (typeof LEVELS)[number]): LevelFn =>
    (a: string | Fields, msg?: string) =>
      typeof a === 'string' ? p[level](a) : p[level](a, msg);
  const log = ((line: string) => p.info(line)) as Log;
  for (const level of LEVELS) log[level] = at(level);
  return log;
}

const isLog = (log: LogLine): log is Log => typeof (log as Partial<Log>).error === 'function';

/**
 * The log for code that takes a plain LogLine: a structured one as it is; a plain function gets
 * every level, fields written after the message; none: the process's log.
 */
export function asLog(log: LogLine | undefined): Log {
  if (!log) return processLog();
  if (isLog(log)) return log;
  const at = (): LevelFn => (a: string | Fields, msg?: string) =>
    typeof a === 'string'
      ? log(a)
      : log(
          `${msg}${Object.entries(a)
            .map(([k, v]) => ` ${k}=${String(v)}`)
            .join('')}`,
        );
  const wrapped = ((line: string) => log(line)) as Log;
  for (const level of LEVELS) wrapped[level] = at();
  return wrapped;
}

let shared: Log | undefined;

/**
 * This thread's log, made at its first use from LOG_LEVEL and LOG_FORMAT (loadConfig has checked
 * them; a bad value here falls back to the defaults, so that the message saying so can be written).
 */
export function processLog(): Log {
  if (shared) return shared;
  let config = DEFAULT_LOG_CONFIG;
  try {
    config = logConfigFromEnv(process.env);
  } catch {}
  shared = createLog(config, { secrets: secretsFromEnv(process.env) });
  return shared;
}
