import { z } from 'zod';
import type { MessageKey, MessageParam, Texts } from './say.ts';
import { say } from './say.ts';

/**
 * Zod keeps one string per issue, so a schema's own message is given to zod in English and found
 * again here by that English. Schemas are built once, when their modules load, so every message
 * they can produce is known before the first request.
 */
const OURS = new Map<string, Texts>();

/** The English of a catalogue message, for a zod check; `zodIssueTexts` gives it back in every language. */
export function zodMessage(key: MessageKey, params: Record<string, MessageParam> = {}): string {
  const texts = say(key, params);
  const known = OURS.get(texts.en);
  if (known && known.ja !== texts.ja) throw new Error(`two messages read "${texts.en}" in English`);
  OURS.set(texts.en, texts);
  return texts.en;
}

const zodJapanese = z.locales.ja().localeError;

/**
 * An issue's message in every language: ours from the catalogue, zod's own (a wrong type, an
 * unknown key) from zod's Japanese locale. The issue must carry its input (`reportInput`) for
 * zod to say what it received.
 */
export function zodIssueTexts(issue: z.core.$ZodIssue): Texts {
  const ours = OURS.get(issue.message);
  if (ours) return ours;
  const japanese = zodJapanese(issue as Parameters<typeof zodJapanese>[0]);
  const ja = typeof japanese === 'string' ? japanese : japanese?.message;
  return { en: issue.message, ja: ja ?? issue.message };
}
