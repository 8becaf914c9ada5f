/**
 * Characters XML 1.0 does not allow at all (§2.2 Char): C0 controls other than tab, LF and CR,
 * lone surrogates, and U+FFFE/U+FFFF. One of them anywhere makes a whole feed unreadable.
 */
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

/**
 * For a value the `feed` library writes as an XML text node: its writer (xml-js) first turns
 * every `&amp;` back into `&` ("to avoid double sanitization"), then escapes, so a literal
 * `&amp;` in a title would come out as `&`. Doubling each `&` here is undone exactly by that
 * step, and every text then reads back as it was written.
 */
export function forXmlTextNode(text: string): string {
  return text.replaceAll('&', '&amp;');
}
