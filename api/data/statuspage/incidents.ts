import type { ComponentStatus } from '../../core/vocab.ts';
import type { ShiraseDataInput } from '../format.ts';
import type { NamedComponent } from './components.ts';
import { bilingual, type LanguageOption, languageOf } from './language.ts';
import { chronological, postRecord, time } from './posts.ts';
import type { StatuspageIncident } from './shapes.ts';

type IncidentRecord = NonNullable<ShiraseDataInput['incidents']>[number];

type Post = StatuspageIncident['incident_updates'][number];

/** What a post set each component to: `affected_components`' `new_status` by `code`. */
export function componentMap(post: Pick<Post, 'affected_components'>): Record<string, ComponentStatus> {
  return Object.fromEntries((post.affected_components ?? []).map((a) => [a.code, a.new_status]));
}

/** Every component the posts name, with the time each post was made, oldest first. */
export function namedComponents(posts: readonly Pick<Post, 'affected_components' | 'created_at'>[]): NamedComponent[] {
  return chronological(posts).flatMap((p) =>
    (p.affected_components ?? []).map((a) => ({ id: a.code, name: a.name, at: p.created_at })),
  );
}

/**
 * One Statuspage incident as ours. Each post keeps its id, time, display time, status and body;
 * its `affected_components` become the statuses it set. A component the incident lists but no post
 * set (a backfilled incident) is named by the first post as operational: the incident still shows
 * it as affected, and no downtime is counted that Statuspage did not record. `started_at` is when
 * the problem was detected; one later than the first post (which ours cannot hold) becomes the
 * first post's time. The incident's own `status` follows from its latest post, as ours always does.
 */
export function incidentRecord(incident: StatuspageIncident, option: LanguageOption): IncidentRecord {
  const posts = chronological(incident.incident_updates);
  const lang = languageOf([incident.name, ...posts.map((p) => p.body)], option);
  const name = bilingual(incident.name, lang);
  const updates = posts.map((p) => ({ ...postRecord(p, lang), components: componentMap(p) }));
  const first = updates[0]!;
  const named = new Set(updates.flatMap((u) => Object.keys(u.components)));
  for (const c of incident.components ?? []) if (!named.has(c.id)) first.components[c.id] = 'operational';
  const started = incident.started_at ?? first.created_at;
  const last = posts.at(-1)!;
  return {
    id: incident.id,
    name: name.ja,
    name_en: name.en,
    impact: incident.impact,
    detected_at: time(started) <= time(first.created_at) ? started : first.created_at,
    created_at: incident.created_at,
    updated_at: incident.updated_at ?? last.created_at,
    updates,
  };
}
