import type { Lang } from '../../core/vocab.ts';

/** `auto`: each record's own language, read from its text. */
export type LanguageOption = Lang | 'auto';

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u30FC]/gu;
const LETTER = /\p{L}/gu;

/**
 * Japanese when at least a fifth of the letters are kana or kanji: Japanese prose with product
 * names in Latin letters ("REST API が…") stays Japanese, and English naming one Japanese word stays
 * English. Decided per record (an incident with all its posts, a maintenance, a component), since a
 * page may have written most incidents in one language and a few in the other.
 */
export function languageOf(texts: readonly string[], option: LanguageOption): Lang {
  if (option !== 'auto') return option;
  let letters = 0;
  let japanese = 0;
  for (const text of texts) {
    letters += text.match(LETTER)?.length ?? 0;
    japanese += text.match(JAPANESE)?.length ?? 0;
  }
  return letters > 0 && japanese * 5 >= letters ? 'ja' : 'en';
}

/**
 * A text in both of our fields. Our Japanese field is required and the English one optional: a
 * Japanese text fills only the first (English pages show it marked as Japanese); an English text
 * fills both, so English pages show it as English and Japanese pages show the only words there are
 * until someone translates them.
 */
export function bilingual(text: string, lang: Lang): { ja: string; en: string | null } {
  return { ja: text, en: lang === 'en' ? text : null };
}
