/**
 * The shapes of secrets, masked in every message the log writes. Paths are logged without their
 * query (where the subscription links carry their tokens) and bodies never, so these are the last
 * line: a URL with its password in an error, a token quoted back, a link in a stack trace.
 */
const MASKS: [RegExp, string][] = [
  // `postgres://user:pass@host`, `smtp://user:pass@host`, `s3://key:secret@host`: the user stays, for the operator to tell which.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s@/]*@/gi, '$1:****@'],
  // Operator tokens (api/operators/tokens.ts): the prefix stays; 16+ characters, so `shirase_changes` is left alone.
  [/\bshirase_[A-Za-z0-9_-]{16,}/g, 'shirase_****'],
  // Webhook signing secrets.
  [/\bwhsec_[A-Za-z0-9+/=]{16,}/g, 'whsec_****'],
  [/\b(Bearer|Basic)\s+[^\s,;"]+/gi, '$1 ****'],
  // A subscriber's link with its token in the path: the path's shape stays.
  [/(\/subscription\/(?:manage|unsubscribe|confirm)\/)[^\s/?#"]+/g, '$1****'],
  // A form or a query quoted whole: `password=…&code=…`.
  [/\b(password|passwd|token|secret|code|totp)=[^&\s"]+/gi, '$1=****'],
  // Drizzle's `Failed query: … \nparams: …` quotes every value of the statement: a subscriber's address,
  // a password hash, an incident's whole text. The query stays (it says what failed); the values up
  // to the stack trace go.
  [/\nparams: [\s\S]*?(?=\n\s+at |$)/g, '\nparams: (not logged)'],
];

/** Shorter values are masked by their shape only: masking `abc` everywhere would garble the log. */
const MIN_LITERAL = 8;

/** `text` with every known secret shape, and each of `literals`, replaced by `****`. */
export function maskSecrets(text: string, literals: readonly string[] = []): string {
  let out = text;
  for (const [re, to] of MASKS) out = out.replace(re, to);
  for (const secret of literals) if (out.includes(secret)) out = out.replaceAll(secret, '****');
  return out;
}

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|SECRET_ACCESS_KEY)$/;
const URL_NAME = /_URL$/;

/**
 * The configured secrets, as literals to mask wherever they appear: ADMIN_TOKEN, CONSOLE_SECRET,
 * SUBSCRIPTION_SECRET, METRICS_TOKEN and any other *_TOKEN/*_SECRET/*_PASSWORD, and the password
 * in DATABASE_URL, SMTP_URL, MIRROR_S3_URL (any *_URL).
 */
export function secretsFromEnv(env: Record<string, string | undefined>): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_NAME.test(name)) found.add(value.trim());
    else if (URL_NAME.test(name)) {
      const password = /^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@/i.exec(value)?.[1];
      if (password) {
        found.add(password);
        try {
          found.add(decodeURIComponent(password));
        } catch {}
      }
    }
  }
  // Longest first: a secret containing another is masked whole.
  return [...found].filter((s) => s.length >= MIN_LITERAL).sort((a, b) => b.length - a.length);
}
