import { sql } from 'drizzle-orm';
import { seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { seedDemoHistory } from '../../api/core/commands/seed-demo-history.ts';
import { deleteIncident, editIncident } from '../../api/core/commands/correct-incident.ts';
import { amendNoticeCommand } from '../../api/core/commands/edit-notice.ts';
import { postMaintenanceUpdate } from '../../api/core/commands/post-maintenance-update.ts';
import { LEAD_TIME_POLICY } from '../../api/core/maintenance/index.ts';
import { recordLogin } from '../../api/operators/login-history.ts';
import { createOperator } from '../../api/operators/operators.ts';
import { issueToken } from '../../api/operators/tokens.ts';
import { requestSubscription } from '../../api/notify/subscribe/store.ts';
import { backupTables, quoteIdent, rowsOf } from '../../api/backup/catalog.ts';
import type { Db } from '../../db/client.ts';

export const POPULATED_AT = new Date('2026-11-30T00:00:00Z');
const TEST_ACTOR = { operatorId: null, email: 'test', via: 'cli', ip: null } as const;

/**
 * A database as a season of use leaves it: the demo catalogue and a year of history (incidents,
 * corrections, maintenance, notices), an operator with a token, a login, a subscriber, a contact, a
 * webhook, an event with its delivery and a console session, and the audit rows those made. Values
 * that round-trip badly if handled carelessly are in it: Japanese text, arrays, JSON, NULLs,
 * microsecond times, identity columns.
 */
export async function populate(db: Db): Promise<void> {
  const now = POPULATED_AT;
  await seedDemoIfEmpty({ db, now: new Date('2025-11-01T00:00:00Z') });
  await seedDemoHistory({ db, now, policy: LEAD_TIME_POLICY, intervalMinutes: 30 });
  // Corrections: an edited incident, a deleted one, a maintenance update, an amended notice.
  const ids = async (table: string) =>
    rowsOf<{ id: string }>(await db.execute(sql.raw(`select id from ${table} order by created_at desc`))).map(
      (r) => r.id,
    );
  const [edited, deleted] = await ids('incidents');
  await editIncident({ db, now, id: edited!, input: { name: '訂正後の件名' } });
  await deleteIncident({ db, now, id: deleted!, input: { reason: 'テストの投稿' } });
  await postMaintenanceUpdate({
    db,
    now,
    id: (await ids('maintenances'))[0]!,
    input: { body: '予定どおり実施します。' },
  });
  await amendNoticeCommand({
    db,
    now,
    id: (await ids('notices'))[0]!,
    input: { body: '改訂した本文', reason: '誤字' },
  });
  const { id } = await createOperator({
    db,
    now,
    input: { email: 'ops@example.jp', role: 'admin', name: '運用 太郎', password: 'correct horse 42 battery' },
    actor: TEST_ACTOR,
  });
  await issueToken({ db, now, operatorId: id, scopes: ['read'], expiresDays: 30, label: 'CI', actor: TEST_ACTOR });
  await recordLogin(db, {
    at: now,
    email: 'ops@example.jp',
    operatorId: id,
    ip: '192.0.2.1',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
    via: 'console',
    outcome: 'ok',
  });
  await requestSubscription({
    db,
    now,
    email: 'reader@example.jp',
    choices: { language: 'ja', components: null, kinds: null },
  });
  await db.execute(sql`insert into contacts (id, email, name, language, components, created_at)
    values ('c1', 'desk@example.jp', '窓口', 'ja', array['x','y'], '2026-11-29T01:02:03.456789Z')`);
  await db.execute(sql`insert into webhooks (id, url, secret, created_at)
    values ('w1', 'https://hooks.example.jp/x', 'whsec_abc', ${now})`);
  await db.execute(sql`insert into notification_events (id, kind, occurred_at, subject, component_ids)
    values ('e1', 'incident.created', ${now}, '{"incident":{"id":"i1","name":"名前"},"n":1.5}', array['x'])`);
  await db.execute(sql`insert into deliveries (id, event_id, channel, recipient_kind, recipient_id, address,
      idempotency_key, next_attempt_at, created_at, updated_at)
    values ('d1', 'e1', 'email', 'contact', 'c1', 'desk@example.jp', 'e1:c1', ${now}, ${now}, ${now})`);
  await db.execute(sql`insert into operator_sessions (id_hash, operator_id, csrf_token, created_at, last_seen_at, expires_at)
    values ('h1', ${id}, 'csrf', ${now}, ${now}, ${now})`);
}

/** Every row of every backed-up table, as PostgreSQL renders it (times in UTC), table by table in key order. */
export async function everyRow(db: Db): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  await db.transaction(async (tx) => {
    // A time renders with the session's offset: two servers compare equal only in the same zone.
    await tx.execute(sql.raw("set local timezone = 'UTC'"));
    for (const t of await backupTables(tx)) {
      const q = quoteIdent(t.name);
      all[t.name] = rowsOf<{ r: unknown }>(
        await tx.execute(sql.raw(`select to_jsonb(${q}) as r from ${q} order by ${t.keys}`)),
      ).map((row) => row.r);
    }
  });
  return all;
}
