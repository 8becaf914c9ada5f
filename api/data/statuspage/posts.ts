import type { Lang } from '../../core/vocab.ts';
import { bilingual } from './language.ts';

export const time = (s: string) => new Date(s).getTime();

/**
 * Posts oldest first, as ours are stored. Statuspage lists them newest first, so of two posted in
 * the same millisecond the one later in the file is the older.
 */
export function chronological<P extends { created_at: string }>(posts: readonly P[]): P[] {
  return posts
    .map((post, index) => ({ post, index }))
    .sort((a, b) => time(a.post.created_at) - time(b.post.created_at) || b.index - a.index)
    .map((p) => p.post);
}

/** A post as ours: its id, status, text, and the time it was made and the time it shows. */
export function postRecord<S extends string>(
  post: { id: string; status: S; body: string; created_at: string; display_at?: string | null },
  lang: Lang,
) {
  const body = bilingual(post.body, lang);
  return {
    id: post.id,
    status: post.status,
    body: body.ja,
    body_en: body.en,
    created_at: post.created_at,
    display_at: post.display_at ?? post.created_at,
  };
}
