import type { Lang } from '../vocab.ts';
import { en } from './en.ts';
import { ja, type MessageKey } from './ja.ts';

export type { MessageKey };

/** One message in every language the API answers in. */
export type Texts = Readonly<Record<Lang, string>>;

/** A value put into a message: the same in every language, or already said in each. */
export type MessageParam = string | number | Texts;

const CATALOGUE: Record<Lang, Record<MessageKey, string>> = { ja, en };

/**
 * The message `key` in every language, its `{name}` placeholders filled from `params` (a template
 * may leave a param unused: English plurals need words Japanese does not).
 */
export function say(key: MessageKey, params: Record<string, MessageParam> = {}): Texts {
  const fill = (lang: Lang) =>
    CATALOGUE[lang][key].replace(/\{(\w+)\}/g, (_placeholder, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`message ${key} needs {${name}}`);
      return typeof value === 'object' ? value[lang] : String(value);
    });
  return { ja: fill('ja'), en: fill('en') };
}

/** Texts joined by a separator that is itself a message (`、` / `; `). */
export function joinTexts(parts: readonly Texts[], separator: Texts): Texts {
  return { ja: parts.map((p) => p.ja).join(separator.ja), en: parts.map((p) => p.en).join(separator.en) };
}
