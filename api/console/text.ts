import type { Context } from 'hono';
import type { Lang } from '../core/vocab.ts';
import type { ConsoleEnv } from './types.ts';
import { messages as shell } from './i18n/shell.ts';

type Catalogue = { ja: Record<string, string>; en: Record<string, string> };
type Vars = Record<string, string | number>;

const fill = (message: string, vars?: Vars) =>
  message.includes('{') ? message.replace(/\{(\w+)\}/g, (_, n: string) => String(vars?.[n] ?? `{${n}}`)) : message;

/**
 * A `t` for one area's catalogue (api/console/i18n/<area>.ts): the string for the page's language,
 * `{name}` placeholders filled from `vars`. Each console area makes its own:
 * `const t = translator(messages)`, then `t(c, 'incidents.title')`.
 */
export function translator<C extends Catalogue>(catalogue: C) {
  return (c: Context<ConsoleEnv> | Lang, key: keyof C['ja'] & string, vars?: Vars): string =>
    fill(catalogue[typeof c === 'string' ? c : c.var.lang][key]!, vars);
}

/** The shell's own strings (layout, sign-in, errors). */
export const t = translator(shell);
