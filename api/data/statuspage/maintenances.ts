import type { ShiraseDataInput } from '../format.ts';
import { bilingual, type LanguageOption, languageOf } from './language.ts';
import { chronological, postRecord, time } from './posts.ts';
import type { StatuspageMaintenance } from './shapes.ts';

type MaintenanceRecord = NonNullable<ShiraseDataInput['maintenances']>[number];

/**
 * When the work ended: its first `completed` post; without one, a maintenance Statuspage calls
 * completed ended when it was resolved (or last changed).
 */
function completion(m: StatuspageMaintenance, posts: StatuspageMaintenance['incident_updates']): string | null {
  const post = posts.find((p) => p.status === 'completed');
  if (post) return post.created_at;
  return m.status === 'completed' ? (m.resolved_at ?? m.updated_at ?? posts.at(-1)!.created_at) : null;
}

/**
 * One Statuspage maintenance as ours. Ours derives the status from the window and the times the
 * operators acted, so the posts set those times: the first `in_progress` post is when work began,
 * the first `verifying` one when checking began, the first `completed` one when it finished (early,
 * or past the window, which is then extended to it). The oldest `scheduled` post is the
 * announcement (as our /api/v2 writes it back); later posts stay posts. The components are those
 * the maintenance lists and its posts name.
 */
export function maintenanceRecord(m: StatuspageMaintenance, option: LanguageOption): MaintenanceRecord {
  const posts = chronological(m.incident_updates);
  const lang = languageOf([m.name, ...posts.map((p) => p.body)], option);
  const announcement = posts.find((p) => p.status === 'scheduled') ?? posts[0]!;
  const later = posts.filter((p) => p !== announcement || p.status !== 'scheduled');
  const first = (status: string) => posts.find((p) => p.status === status)?.created_at ?? null;
  const finished = completion(m, posts);
  const until = time(m.scheduled_until);
  const components = [
    ...(m.components ?? []).map((c) => c.id),
    ...posts.flatMap((p) => (p.affected_components ?? []).map((a) => a.code)),
  ];
  const title = bilingual(m.name, lang);
  const body = bilingual(announcement.body, lang);
  return {
    id: m.id,
    title: title.ja,
    title_en: title.en,
    body: body.ja,
    body_en: body.en,
    scheduled_for: m.scheduled_for,
    scheduled_until: m.scheduled_until,
    announced_at: announcement.created_at,
    started_at: first('in_progress'),
    verifying_at: first('verifying'),
    finished_at: finished && time(finished) < until ? finished : null,
    extended_until: finished && time(finished) > until ? finished : null,
    created_at: m.created_at,
    updated_at: m.updated_at ?? posts.at(-1)!.created_at,
    components: [...new Set(components)],
    updates: later.map((p) => postRecord(p, lang)),
  };
}
