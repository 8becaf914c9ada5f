import { LANGS } from '../core/vocab.ts';

/** The same page path in every language: Japanese at the root, English under `/en`. */
export const localized = (path: string): string[] => LANGS.map((lang) => (lang === 'ja' ? path : `/en${path}`));
