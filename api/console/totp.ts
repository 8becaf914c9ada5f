/** A TOTP time step (RFC 6238's default, what authenticator apps use). */
const STEP_MS = 30_000;

/**
 * The TOTP time step a 6-digit code matches at `now` (that step, or one either side for a clock a
 * little off), or null. The caller makes sure a step is accepted only once.
 */
export async function totpStep(secret: string, code: string, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  // Loaded on first use, not at start (issue 10's memory budget).
  const { Secret, TOTP } = await import('otpauth');
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / STEP_MS) + delta;
}
