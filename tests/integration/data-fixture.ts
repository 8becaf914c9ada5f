import { desc } from 'drizzle-orm';
import { editIncident, editIncidentUpdate } from '../../api/core/commands/correct-incident.ts';
import { amendNoticeCommand } from '../../api/core/commands/edit-notice.ts';
import { postMaintenanceUpdate } from '../../api/core/commands/post-maintenance-update.ts';
import { seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { seedDemoHistory } from '../../api/core/commands/seed-demo-history.ts';
import { LEAD_TIME_POLICY } from '../../api/core/maintenance/index.ts';
import { registerContact } from '../../api/notify/recipients/contacts.ts';
import { confirmSubscription, requestSubscription } from '../../api/notify/subscribe/store.ts';
import { createOperator } from '../../api/operators/operators.ts';
import { issueToken } from '../../api/operators/tokens.ts';
import type { Db } from '../../db/client.ts';
import {
  componentGroups,
  components,
  incidents,
  incidentUpdates,
  maintenances,
  notices,
  webhooks,
} from '../../db/schema/index.ts';

export const POPULATED_AT = new Date('2026-11-30T00:00:00Z');
const ACTOR = { operatorId: null, email: 'test', via: 'cli', ip: null } as const;
/** What an export must never carry, put where it could leak from. */
export const SECRETS = {
  webhook: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cy0wMDAwMDA=',
  password: 'correct horse 42 battery',
};

/**
 * The demo catalogue and its year of history (incidents, maintenance, notices), corrected as
 * operators correct them (an incident renamed, a post's text edited, a maintenance update, an
 * amended notice), a group, and the personal records: a contact, a confirmed and a pending
 * subscriber, a webhook; an operator with a token, which an export must leave out.
 */
export async function populate(db: Db): Promise<void> {
  const now = POPULATED_AT;
  await seedDemoIfEmpty({ db, now: new Date('2025-11-01T00:00:00Z') });
  await seedDemoHistory({ db, now, policy: LEAD_TIME_POLICY, intervalMinutes: 30 });
  const [latest] = await db.select().from(incidents).orderBy(desc(incidents.createdAt)).limit(1);
  await editIncident({ db, now, id: latest!.id, input: { name: '訂正後の件名', reason: '件名の誤り' } });
  const [post] = await db.select().from(incidentUpdates).orderBy(desc(incidentUpdates.seq)).limit(1);
  await editIncidentUpdate({
    db,
    now,
    incidentId: post!.incidentId,
    updateId: post!.id,
    input: { body: '訂正した本文' },
  });
  const [maintenance] = await db.select().from(maintenances).orderBy(desc(maintenances.scheduledFor)).limit(1);
  await postMaintenanceUpdate({ db, now, id: maintenance!.id, input: { body: '予定どおり実施します。' } });
  const [notice] = await db.select().from(notices).limit(1);
  await amendNoticeCommand({ db, now, id: notice!.id, input: { body: '改訂した本文', reason: '誤字' } });
  await db
    .insert(componentGroups)
    .values({ id: 'grp000000001', name: 'BtoB', position: 1, createdAt: now, updatedAt: now });
  const [first] = await db.select().from(components).limit(1);
  await registerContact({
    db,
    now,
    input: { email: 'desk@example.jp', name: '窓口', language: 'ja', components: [first!.id] },
  });
  const signUp = await requestSubscription({
    db,
    now,
    email: 'reader@example.jp',
    choices: { language: 'en', components: null, kinds: ['incidents'] },
  });
  if (signUp.state === 'pending') await confirmSubscription(db, now, signUp.confirmToken);
  await requestSubscription({
    db,
    now,
    email: 'pending@example.jp',
    choices: { language: 'ja', components: null, kinds: null },
  });
  await db
    .insert(webhooks)
    .values({ id: 'hook00000001', url: 'https://hooks.example.jp/x', secret: SECRETS.webhook, createdAt: now });
  const { id } = await createOperator({
    db,
    now,
    input: { email: 'ops@example.jp', role: 'admin', name: '運用 太郎', password: SECRETS.password },
    actor: ACTOR,
  });
  await issueToken({ db, now, operatorId: id, scopes: ['read'], expiresDays: 30, label: 'CI', actor: ACTOR });
}
