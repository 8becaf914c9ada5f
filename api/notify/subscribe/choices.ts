import { z } from 'zod';
import { ID_PATTERN } from '../../core/ids.ts';
import { LANGS, type Lang } from '../../core/vocab.ts';
import { NOTIFY_KIND_GROUPS, type NotifyKindGroup } from '../outbox/vocab.ts';

/** What a subscriber hears of. `components` / `kinds` null: all of them, including components added later. */
export interface SubscriptionChoices {
  language: Lang;
  components: string[] | null;
  kinds: NotifyKindGroup[] | null;
}

/** A form field as Hono's `parseBody({ all: true })` gives it: one value, several, or a file. */
type FormValue = string | File | (string | File)[] | undefined;
export type FormFields = Record<string, FormValue>;

/** The fields the forms have; a form naming a wrong one is told which. */
export type ChoiceField = 'email' | 'language' | 'components' | 'kinds';

const email = z.email().max(254);
const MAX_COMPONENTS = 200;

function all(value: FormValue): string[] | null {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  // A file where text belongs: the field is wrong, whatever it holds.
  return values.every((v) => typeof v === 'string') ? (values as string[]) : null;
}

function one(value: FormValue): string | null {
  const values = all(value);
  return values?.length === 1 ? values[0]! : null;
}

/** The form's language, or Japanese: it decides the language of an error page too. */
export function formLanguage(fields: FormFields): Lang {
  const lang = one(fields.language);
  return lang === 'en' ? 'en' : 'ja';
}

/**
 * The choices on a subscribe or manage form: `language`, `scope` (`all` or `some`) with the
 * `component` boxes ticked, and the `kind` boxes (at least one; all three is stored as "all").
 * Whether the components exist is the store's to check. Returns the fields that are wrong.
 */
export function parseChoices(fields: FormFields): { ok: SubscriptionChoices } | { wrong: ChoiceField[] } {
  const wrong: ChoiceField[] = [];
  const language = one(fields.language);
  if (!language || !(LANGS as readonly string[]).includes(language)) wrong.push('language');
  const scope = one(fields.scope);
  const picked = all(fields.component);
  let components: string[] | null = null;
  if (scope === 'some') {
    const ids = picked ? [...new Set(picked)] : [];
    if (ids.length === 0 || ids.length > MAX_COMPONENTS || !ids.every((id) => ID_PATTERN.test(id)))
      wrong.push('components');
    else components = ids.sort();
  } else if (scope !== 'all') wrong.push('components');
  const kindValues = all(fields.kind);
  const kinds = kindValues ? [...new Set(kindValues)] : [];
  if (kinds.length === 0 || !kinds.every((k) => (NOTIFY_KIND_GROUPS as readonly string[]).includes(k)))
    wrong.push('kinds');
  if (wrong.length > 0) return { wrong };
  return {
    ok: {
      language: language as Lang,
      components,
      kinds: kinds.length === NOTIFY_KIND_GROUPS.length ? null : NOTIFY_KIND_GROUPS.filter((k) => kinds.includes(k)),
    },
  };
}

/** The address on the subscribe form, trimmed; null when it is not one. */
export function parseEmail(fields: FormFields): string | null {
  const value = one(fields.email)?.trim();
  return value && email.safeParse(value).success ? value : null;
}
