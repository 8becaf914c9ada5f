/**
 * RFC 5545 §3.3.11 TEXT admits no CONTROL characters (U+0000–U+0008, U+000A–U+001F, U+007F)
 * except as escapes, and the XML-illegal ones (bad-inputs.md item 3) must never reach a feed.
 * Line breaks are kept in bodies (ical-generator escapes them as `\n`) and flattened in one-line fields.
 */
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Multi-line text: illegal controls removed, lone surrogates replaced, line breaks normalised to LF. */
export function cleanText(text: string): string {
  return text.toWellFormed().replace(/\r\n?/g, '\n').replace(ILLEGAL, '');
}

/** One-line text (titles, names): as cleanText, with line breaks and tabs turned into single spaces. */
export function singleLine(text: string): string {
  return cleanText(text)
    .replace(/[\n\t]+/g, ' ')
    .trim();
}
