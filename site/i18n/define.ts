/**
 * One area's UI strings in both languages. The type makes every Japanese key need an English
 * string (and no extra ones), so a missing translation fails the typecheck.
 */
export function defineMessages<const J extends Record<string, string>>(ja: J, en: { [K in keyof J]: string }) {
  return { ja, en };
}
