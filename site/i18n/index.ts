import type { Lang } from '@core/vocab.ts';
import { core } from './core.ts';
import { messages as maintenance } from './maintenance.ts';
import { messages as notify } from './notify.ts';
import { messages as publicInterfaces } from './public-interfaces.ts';
import { messages as serviceLevels } from './service-levels.ts';
import { messages as subscribe } from './subscribe.ts';

/** The catalogue is split by area (one file each) so that areas grow without touching each other. */
const AREAS = [core, maintenance, notify, publicInterfaces, serviceLevels, subscribe] as const;
type Area = (typeof AREAS)[number];
export type MessageKey = Area extends infer A ? (A extends { ja: infer J } ? keyof J & string : never) : never;

export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = {
  ja: Object.assign({}, ...AREAS.map((a) => a.ja)),
  en: Object.assign({}, ...AREAS.map((a) => a.en)),
};

/** A UI string in `lang`; `{name}` placeholders are filled from `vars`. */
export function t(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const message = CATALOGUES[lang][key];
  // Most messages have no placeholder, and pages ask for thousands of them.
  if (!message.includes('{')) return message;
  return message.replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

/** Path of the same page in `lang`: Japanese at `/`, English under `/en/`. */
export function localePath(lang: Lang, path: string): string {
  const bare = path.replace(/^\/en(?=\/|$)/, '') || '/';
  return lang === 'en' ? `/en${bare}` : bare;
}

/** The text in `lang`, falling back to Japanese when there is no translation. */
export function pick(lang: Lang, ja: string, en: string | null | undefined): string {
  return lang === 'en' && en ? en : ja;
}

/** Whether `pick` falls back: an English page showing Japanese text, which it marks `lang="ja"` and says so. */
export function untranslated(lang: Lang, en: string | null | undefined): boolean {
  return lang === 'en' && !en;
}

const FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
};

/** A time as people read it, in JST and labelled (e.g. `2026年11月28日 16:36 日本時間`). */
export function formatTime(lang: Lang, date: Date): string {
  return `${FORMATS[lang].format(date)} ${t(lang, 'time.label')}`;
}

/** What `toLocaleDateString('en-GB', …)` made for each call, made once. */
const EN_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatMonth(lang: Lang, month: string /* YYYY-MM */): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return lang === 'ja' ? `${y}年${m}月` : EN_MONTH.format(new Date(Date.UTC(y, m - 1, 15)));
}
