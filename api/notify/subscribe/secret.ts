import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What signs the manage and unsubscribe links (tokens.ts), and where it came from, for the start-up log. */
export interface SubscriptionSecret {
  secret: string;
  /** One line for the start-up log when the links will not outlive something the operator may expect. */
  warning: string | null;
}

const MIN_LENGTH = 32;
export const SECRET_FILE = 'subscription-secret';

function checked(value: string, where: string): string {
  if (value.length < MIN_LENGTH)
    throw new Error(`Invalid configuration: ${where} must be at least ${MIN_LENGTH} characters (a random string)`);
  return value;
}

/**
 * SUBSCRIPTION_SECRET when set (required for several instances on one database: each must make
 * the same links); else one made at first start and kept in `DATA_DIR/subscription-secret`
 * (mode 0600), so that links in mail already sent keep working across restarts. With
 * DATA_DIR=memory it lives as long as the process, and says so. Never stored in the database: a
 * copy of the database alone cannot make a subscriber's links.
 */
export function loadSubscriptionSecret(env: NodeJS.ProcessEnv, dataDir: string): SubscriptionSecret {
  const configured = env.SUBSCRIPTION_SECRET?.trim();
  if (configured) return { secret: checked(configured, 'SUBSCRIPTION_SECRET'), warning: null };
  const fresh = randomBytes(32).toString('base64url');
  if (dataDir === 'memory')
    return {
      secret: fresh,
      warning:
        'SUBSCRIPTION_SECRET is not set and DATA_DIR=memory: the manage and unsubscribe links in e-mails stop working at the next start',
    };
  const file = path.join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    // `wx`: of two processes starting at once, one writes it and the other reads that one.
    writeFileSync(file, `${fresh}\n`, { flag: 'wx', mode: 0o600 });
    return { secret: fresh, warning: null };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return { secret: checked(readFileSync(file, 'utf8').trim(), file), warning: null };
}
