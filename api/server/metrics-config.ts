import { z } from 'zod';

/** As ADMIN_TOKEN: long enough not to be guessed over the network. Empty or blank counts as unset. */
const schema = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined))
  .refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters');

/**
 * METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <token>` (401 otherwise);
 * unset, /metrics is open, for a Prometheus on a private network only.
 */
export function metricsTokenFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const parsed = schema.safeParse(env.METRICS_TOKEN);
  if (!parsed.success) throw new Error(`Invalid configuration: METRICS_TOKEN ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}
