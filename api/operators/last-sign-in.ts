import { and, eq, isNotNull, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginHistory } from '../../db/schema/index.ts';

/**
 * Each operator's latest successful sign-in (console or otherwise), by operator id: one grouped
 * query for the operators' list however many there are. Operators never signed in are absent.
 */
export async function lastSignIns(db: Db): Promise<Map<string, Date>> {
  const rows = await db
    .select({ operatorId: loginHistory.operatorId, at: max(loginHistory.at) })
    .from(loginHistory)
    .where(and(eq(loginHistory.success, true), isNotNull(loginHistory.operatorId)))
    .groupBy(loginHistory.operatorId);
  return new Map(rows.flatMap((r) => (r.operatorId && r.at ? [[r.operatorId, r.at] as const] : [])));
}
