/**
 * JSON whose bytes stay inert wherever they land. `<`, `>` and `&` only ever occur inside JSON
 * strings, where `\u003c` etc. read back the same; escaped, a title like `</script><script>`
 * cannot end a script element if a page inlines the document. U+2028/2029 likewise, for readers
 * that evaluate JSON as JavaScript.
 */
export function inertJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
