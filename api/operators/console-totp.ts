import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { operators } from '../../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { auditCommand } from './audit.ts';

/**
 * Stores a confirmed TOTP secret (the person has typed a right code for it) with the step that code
 * used, so that the same code cannot then sign in. Refused (false) when one is already set: a
 * second factor is removed first, never silently replaced.
 */
export async function setSecondFactor(
  db: Db,
  s: { now: Date; operatorId: string; secret: string; step: number; actor: Actor },
) {
  return db.transaction(async (tx) => {
    const set = await tx
      .update(operators)
      .set({ totpSecret: s.secret, totpLastStep: s.step, updatedAt: s.now })
      .where(and(eq(operators.id, s.operatorId), isNull(operators.totpSecret)))
      .returning({ id: operators.id });
    if (set.length === 0) return false;
    await auditCommand(tx as Db, s.now, s.actor, 'second factor set', {
      targetType: 'operator',
      targetId: s.operatorId,
      after: { second_factor: true },
    });
    return true;
  });
}

/** Removes the person's TOTP secret (they have given their password again). */
export async function removeSecondFactor(db: Db, s: { now: Date; operatorId: string; actor: Actor }) {
  await db.transaction(async (tx) => {
    await tx.update(operators).set({ totpSecret: null, updatedAt: s.now }).where(eq(operators.id, s.operatorId));
    await auditCommand(tx as Db, s.now, s.actor, 'second factor removed', {
      targetType: 'operator',
      targetId: s.operatorId,
      before: { second_factor: true },
      after: { second_factor: false },
    });
  });
}
