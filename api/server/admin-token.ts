/**
 * Why an operator token is too weak to guard production, or null when it is not.
 *
 * The rule is for machine-made secrets (`openssl rand -hex 32`), and it is meant to catch the
 * copied example, a typed placeholder and a held-down key, not to score passwords:
 * - not blank or whitespace only;
 * - no placeholder word (the README's example, "change me", "example", "secret", "password"…);
 * - at least 32 characters (`openssl rand -hex 16`, 128 random bits, is 32);
 * - at least 8 different characters: 32 random hex digits show about 14, fewer than 8 about once
 *   in 3·10⁷ draws (64 digits: once in 10¹⁹), while a held key or a short pattern repeated shows
 *   fewer.
 * Password estimators such as zxcvbn price each unmatched character at ten guesses, so they
 * would rate a random 32-character token near 106 bits: a 128-bit bar there refuses good tokens.
 */
export function adminTokenWeakness(token: string): string | null {
  if (token.trim() === '') return 'it is blank';
  const letters = token.toLowerCase().replace(/[^a-z0-9]/g, '');
  const placeholder = PLACEHOLDER_WORDS.find((w) => letters.includes(w));
  if (placeholder) return `it contains the placeholder "${placeholder}"`;
  if (token.length < MIN_LENGTH) return `it has ${token.length} characters, fewer than ${MIN_LENGTH}`;
  const distinct = new Set(token).size;
  if (distinct < MIN_DISTINCT) return `it uses only ${distinct} different characters, fewer than ${MIN_DISTINCT}`;
  return null;
}

const MIN_LENGTH = 32;
const MIN_DISTINCT = 8;

/** Compared with the token lower-cased and stripped to letters and digits. */
const PLACEHOLDER_WORDS = [
  'changeme',
  'replaceme',
  'example',
  'placeholder',
  'secret',
  'password',
  'yourtoken',
  'admintoken',
];

const STRONG_TOKEN_HINT = 'Generate one with `openssl rand -hex 32`.';

/**
 * Production refuses a weak token with a sentence naming ADMIN_TOKEN; elsewhere the weakness is
 * returned as a warning to log, so that the README's quick start (with its example token) runs.
 * Unset is fine everywhere: operators sign in with their own accounts and tokens, and the first
 * admin is made by the CLI (`npm run operator -- create`); the bootstrap token only works until then.
 */
export function checkAdminToken(token: string | undefined, production: boolean): string[] {
  if (token === undefined) return [];
  const weakness = adminTokenWeakness(token);
  if (!weakness) return [];
  if (production)
    throw new Error(
      `ADMIN_TOKEN is too weak for production: ${weakness}, and it guards every write of the operator API. ${STRONG_TOKEN_HINT}`,
    );
  return [
    `ADMIN_TOKEN is weak (${weakness}): fine on this machine, refused with NODE_ENV=production. ${STRONG_TOKEN_HINT}`,
  ];
}

/**
 * The other secrets a deployment sets by hand: each signs something a stranger must not forge
 * (the subscribers' manage and unsubscribe links; the console's sign-in form). Unset, the server
 * makes a random one itself; set, production holds it to ADMIN_TOKEN's rule, so that the README's
 * or a template's placeholder never signs anything real.
 */
const SIGNING_SECRETS = ['SUBSCRIPTION_SECRET', 'CONSOLE_SECRET'] as const;

/** Production refuses a set but weak signing secret with a sentence naming the variable. */
export function checkSigningSecrets(env: NodeJS.ProcessEnv, production: boolean): void {
  if (!production) return;
  for (const name of SIGNING_SECRETS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const weakness = adminTokenWeakness(value.trim());
    if (weakness)
      throw new Error(
        `${name} is too weak for production: ${weakness}. Unset it to let Shirase make one, or ${STRONG_TOKEN_HINT.charAt(0).toLowerCase()}${STRONG_TOKEN_HINT.slice(1)}`,
      );
  }
}
