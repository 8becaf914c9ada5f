import type { Context } from 'hono';
import type { AppDeps } from '../../http/context.ts';
import { recordAudit } from '../../operators/audit.ts';
import { seeOther } from '../forms.ts';
import type { ConsoleEnv } from '../types.ts';
import { say } from './incidents-form.ts';

/**
 * A correction of incident `id` from the console: `run` is the core command, `present` reads the
 * incident as /api/v1 shows it. Recorded (before and after) and republished only when the command
 * says it changed something: one that changed nothing wrote nothing (auditedWrite records every
 * run). Answers the 303 to the incident's page; a refusal throws, as the command does.
 */
export async function correctIncident(
  c: Context<ConsoleEnv>,
  deps: AppDeps,
  correction: {
    id: string;
    now: Date;
    action: string;
    done: string;
    present: () => Promise<unknown>;
    run: () => Promise<{ changed: boolean }>;
  },
): Promise<Response> {
  const { id } = correction;
  const before = await correction.present();
  const { changed } = await correction.run();
  if (!changed) return seeOther(c, `/incidents/${id}`, say(c, 'inc.page.unchanged'));
  await recordAudit(deps.db, {
    at: correction.now,
    actor: { id: c.var.operator.id, email: c.var.operator.email },
    via: 'console',
    ip: c.var.ip,
    action: correction.action,
    targetType: 'incident',
    targetId: id,
    before,
    after: await correction.present(),
  });
  deps.onChange?.({ kind: 'incident', id });
  return seeOther(c, `/incidents/${id}`, correction.done);
}
