/**
 * LOG_FORMAT=text: pino's JSON line as one line for a person at a terminal (pino-pretty is a
 * development tool with a dozen dependencies; this is all it takes here):
 * `2026-11-28T01:00:00.000Z INFO  [req_id] message key=value …`. A message's own line breaks (a
 * stack trace) are indented, so that no text of a request can begin a line that looks like an entry.
 */
const KNOWN = new Set(['time', 'level', 'msg', 'pid', 'req_id']);

const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
};

export function textLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json);
  } catch {
    return json;
  }
  const level = String(entry.level ?? '').toUpperCase();
  const id = entry.req_id === undefined ? '' : ` [${entry.req_id}]`;
  const msg = String(entry.msg ?? '')
    .replace(/\r?\n/g, '\n    ')
    .replace(/\r/g, '\\r');
  const fields = Object.entries(entry)
    .filter(([k]) => !KNOWN.has(k))
    .map(([k, v]) => ` ${k}=${shown(v)}`)
    .join('');
  return `${entry.time} ${level.padEnd(5)}${id} ${msg}${fields}\n`;
}
