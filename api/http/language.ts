import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import type { Lang } from '../core/vocab.ts';

/**
 * The language an answer is written in: English when the request's Accept-Language prefers it
 * to Japanese, Japanese otherwise (the site is Japanese first). Regional tags count as their
 * language (`en-GB` is English); languages we do not write are passed over.
 */
export function answerLanguage(c: Context): Lang {
  return accepts(c, {
    header: 'Accept-Language',
    supports: ['ja', 'en'],
    default: 'ja',
    match: (ranges, { supports, default: fallback }) => {
      const preferred = ranges
        .filter((r) => r.q > 0)
        .map((r, order) => ({ lang: r.type.toLowerCase().split('-')[0]!, q: r.q, order }))
        .sort((a, b) => b.q - a.q || a.order - b.order)
        .find((r) => supports.includes(r.lang));
      return preferred?.lang ?? fallback;
    },
  }) as Lang;
}
