export { type StatuspageKind, detectStatuspage } from './detect.ts';
export { fromStatuspage, type StatuspageOptions } from './from-statuspage.ts';
export type { LanguageOption } from './language.ts';
