import type { Lang } from '../events.ts';

/**
 * Who a message is for; the kind decides what its footer says and which headers it carries.
 * The caller (the outbox) knows the address and its tokens; composing never reads the database.
 */
export type MailRecipient =
  /** Registered by operators (sheet row 14): told why they hear and whom to ask to be removed. */
  | { kind: 'contact'; email: string; name?: string | null; lang: Lang }
  /**
   * Signed up on the site. `unsubscribeUrl` is the RFC 8058 one-click URL (https, answering a
   * POST); `manageUrl` the page to change what they hear. Both carry the caller's token.
   */
  | { kind: 'subscriber'; email: string; lang: Lang; manageUrl: string; unsubscribeUrl: string }
  /** An operator on duty (the overdue-update alert). */
  | { kind: 'operator'; email: string; name?: string | null; lang: Lang };

/** One e-mail to one recipient, ready for a transport: every header it needs is here. */
export interface MailMessage {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** `<…@site-host>`: the same for the same event and recipient, so a resend can be recognised downstream. */
  messageId: string;
  /** When the event happened: a retry sends the same Date header. */
  date: Date;
  lang: Lang;
  /** Extra header fields (Auto-Submitted, Content-Language, List-Unsubscribe-Post); values are single lines. */
  headers: Record<string, string>;
  /** List-Unsubscribe targets, written as one header (RFC 2369): the https URL first. Empty for non-subscribers. */
  listUnsubscribe: string[];
}
