import { count, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { components } from '../../../db/schema/index.ts';
import { createComponent, createComponentGroup } from './components.ts';

/** Any constant: advisory locks are scoped to the database. */
const SEED_LOCK_KEY = 0x5345_4544;

/** The platform's services (shared/docs/product.md, "the demo component catalogue"). */
export const DEMO_CATALOGUE = [
  {
    name: '共通',
    name_en: 'Common',
    components: [
      {
        name: 'プラットフォームID',
        name_en: 'Platform ID',
        description: 'サインインとアカウント',
        description_en: 'Sign-in and accounts',
      },
    ],
  },
  {
    name: '帳票',
    name_en: 'Documents',
    components: [
      { name: 'BtoBプラットフォーム 請求書', name_en: 'BtoB Platform Invoices' },
      { name: 'BtoBプラットフォーム 契約書', name_en: 'BtoB Platform Contracts' },
      { name: 'BtoBプラットフォーム 見積書', name_en: 'BtoB Platform Quotes' },
      { name: 'BtoBプラットフォーム 規格書', name_en: 'BtoB Platform Specifications' },
    ],
  },
  {
    name: '受発注',
    name_en: 'Ordering',
    components: [
      { name: 'BtoBプラットフォーム 受発注', name_en: 'BtoB Platform Ordering' },
      { name: 'BtoBプラットフォーム 受発注for製造業', name_en: 'BtoB Platform Ordering for Manufacturing' },
      { name: 'BtoBプラットフォーム 受発注ライク', name_en: 'BtoB Platform Ordering Lite' },
    ],
  },
  {
    name: '取引・商談',
    name_en: 'Trade and negotiation',
    components: [
      { name: 'BtoBプラットフォーム TRADE', name_en: 'BtoB Platform TRADE' },
      { name: 'BtoBプラットフォーム 業界チャネル', name_en: 'BtoB Platform Industry Channel' },
      { name: 'BtoBプラットフォーム 商談', name_en: 'BtoB Platform Business Negotiation' },
    ],
  },
] as const;

/** Seeds the demo catalogue when there is no component yet; returns whether it did. */
export async function seedDemoIfEmpty({ db, now }: { db: Db; now: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Instances starting together on one PostgreSQL take turns here, so that only the first seeds.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [row] = await tx.select({ n: count() }).from(components);
    if ((row?.n ?? 0) > 0) return false;
    for (const [gi, group] of DEMO_CATALOGUE.entries()) {
      const g = await createComponentGroup({
        db: tx as unknown as Db,
        now,
        input: { name: group.name, name_en: group.name_en, position: gi },
      });
      for (const [ci, c] of group.components.entries())
        await createComponent({ db: tx as unknown as Db, now, input: { ...c, group_id: g.id, position: ci } });
    }
    return true;
  });
}
