import { sql } from 'drizzle-orm';
import pg from 'pg';
import { expect, it } from 'vitest';
import { readIncidents } from '../../api/core/queries/site-model.ts';
import { together } from '../../api/core/queries/together.ts';
import type { Db } from '../../db/client.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

describeEachDatabase('a read of several queries', ({ database }) => {
  /** Two queries that say when each started and ended. */
  const traced = (db: Db) => {
    const order: string[] = [];
    const query = (n: number) => async () => {
      order.push(`start ${n}`);
      const r = await db.execute(sql`select ${n}::int as n`);
      order.push(`end ${n}`);
      return r;
    };
    return { order, run: () => together(db, query(1), query(2)) };
  };

  it('runs its queries at once on the pool, and one after another within a transaction', async () => {
    const onPool = traced(database().db);
    await onPool.run();
    expect(onPool.order.slice(0, 2)).toEqual(['start 1', 'start 2']);
    let inTransaction: string[] = [];
    await database().db.transaction(async (tx) => {
      const t = traced(tx as unknown as Db);
      await t.run();
      inTransaction = t.order;
    });
    expect(inTransaction).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('reads incidents within a transaction without queueing a query behind another on its session', async () => {
    const api = apiFor(database(), { now: new Date('2026-11-30T10:00:00+09:00') });
    const incident = await json(api.post('/api/v1/incidents', { name: '請求書の表示遅延', body: '調査しています。' }));
    // What node-postgres checks before it warns (pg/lib/client.js): a query already waiting.
    const queued: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client & { _queryQueue: unknown[] }, ...args: unknown[]) {
      if (this._queryQueue.length > 0) queued.push(String((args[0] as { text?: string })?.text ?? args[0]));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    let read: Awaited<ReturnType<typeof readIncidents>> = [];
    try {
      await database().db.transaction(async (tx) => {
        read = await readIncidents(tx as unknown as Db, [incident.id as string]);
      });
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(read.map((i) => i.id)).toEqual([incident.id]);
    expect(queued).toEqual([]);
  });
});
