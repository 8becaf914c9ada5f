import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client.ts';

/**
 * Runs a read's queries at once on the pool, each on a connection of its own; on a transaction, one
 * after another: its one session runs one query at a time, and node-postgres warns of a query
 * queued behind another there (pg 9 refuses it). Each query is a function, so that none starts
 * before its turn.
 */
export async function together<T extends unknown[]>(
  db: Db,
  ...queries: { [K in keyof T]: () => PromiseLike<T[K]> }
): Promise<T> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(queries.map((q) => q()))) as T;
  const results: unknown[] = [];
  for (const q of queries) results.push(await q());
  return results as T;
}
