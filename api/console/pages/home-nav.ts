import { messages as audit } from '../i18n/audit.ts';
import { messages as home } from '../i18n/home.ts';
import { messages as logins } from '../i18n/login-history.ts';
import { messages as operators } from '../i18n/operators.ts';
import { messages as tokens } from '../i18n/tokens.ts';
import type { NavEntry } from '../types.ts';

type Catalogue = { ja: Record<string, string>; en: Record<string, string> };
const label = <C extends Catalogue>(catalogue: C, key: keyof C['ja'] & string) => ({
  ja: catalogue.ja[key]!,
  en: catalogue.en[key]!,
});

/** The menu's first entry: the dashboard, for every role. */
export const dashboardNav: NavEntry = { path: '/', scope: 'read', label: label(home, 'home.title') };

/** The menu's last entries: the people, their tokens and what they did (operators for admins only). */
export const adminNav: NavEntry[] = [
  { path: '/operators', scope: 'admin', label: label(operators, 'operators.title') },
  { path: '/tokens', scope: 'read', label: label(tokens, 'tokens.title') },
  { path: '/audit', scope: 'read', label: label(audit, 'audit.title') },
  { path: '/login-history', scope: 'read', label: label(logins, 'logins.title') },
];
