import type { DeliveryResult } from '../events.ts';

/** The fields nodemailer sets on its errors (its `NodemailerError`, which the package does not export). */
interface NodemailerError extends Error {
  code?: string;
  originalCode?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  permanent?: boolean;
}

/** The commands whose 5xx reply is about this recipient or this message, not about the sender's set-up. */
const RECIPIENT_COMMANDS = new Set(['RCPT TO', 'DATA']);

/** One line, however the server or the socket put it. */
function reasonOf(err: NodemailerError): string {
  const said = err.response ?? err.message;
  const code = err.originalCode ?? err.code;
  return `${code ? `${code}: ` : ''}${said}`.replace(/\s+/g, ' ').trim();
}

/**
 * How a failed send counts for the outbox (api/notify/events.ts's DeliveryResult): `permanent` is a
 * 5xx for this recipient or this message, which another try would get again, so the address is
 * quarantined; anything else is `temporary` and tried again later: a 4xx reply, a refused or
 * timed-out connection, or a server-side setting (a wrong password) that no recipient is to blame for.
 */
export function sendFailure(err: unknown): DeliveryResult {
  const e = (err instanceof Error ? err : new Error(String(err))) as NodemailerError;
  const detail = reasonOf(e);
  // nodemailer sets `permanent` from the reply class (5xx except 503) whenever a reply came.
  if (e.permanent === true && RECIPIENT_COMMANDS.has(e.command ?? '')) return { outcome: 'permanent', detail };
  // Refused before anything was sent: the address itself cannot be written in an envelope.
  if (e.code === 'EENVELOPE' && e.command === 'API' && /recipient/i.test(e.message))
    return { outcome: 'permanent', detail };
  return { outcome: 'temporary', detail };
}
