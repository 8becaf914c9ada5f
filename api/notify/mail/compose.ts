import { createHash } from 'node:crypto';
import type { SupportContact } from '../../core/settings.ts';
import type { Lang } from '../../core/vocab.ts';
import { t } from '../../../site/i18n/index.ts';
import type { NotificationContext, NotificationEvent } from '../events.ts';
import { mailContent } from './content.ts';
import type { MailMessage, MailRecipient } from './message.ts';
import { type FooterLine, renderHtml, renderText } from './render.ts';

/**
 * Controls (CR and LF above all) become spaces: a header value is one line whatever a title
 * holds. nodemailer encodes and folds too; this keeps a hostile title from depending on it.
 */
export function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001F\u007F\u0085\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** The support desk and however it can be reached, for "whom to ask to be removed". */
function support(lang: Lang, contact: SupportContact): string {
  const ways = [
    contact.email,
    contact.formUrl,
    contact.phone && t(lang, 'notify.support.phone', { phone: contact.phone }),
  ];
  const reach = ways.filter(Boolean).join(t(lang, 'notify.listSeparator'));
  const desk = t(lang, 'notify.support.desk');
  if (!reach) return desk;
  return lang === 'ja' ? `${desk}（${reach}）` : `${desk} (${reach})`;
}

function footer(recipient: MailRecipient, context: NotificationContext): FooterLine[] {
  const { lang } = recipient;
  const site = t(lang, 'site.name');
  switch (recipient.kind) {
    case 'contact':
      return [{ text: t(lang, 'notify.footer.contact', { site, support: support(lang, context.settings.contact) }) }];
    case 'subscriber':
      return [
        { text: t(lang, 'notify.footer.subscriber', { site }) },
        { label: t(lang, 'notify.footer.manage'), url: recipient.manageUrl },
        { label: t(lang, 'notify.footer.unsubscribe'), url: recipient.unsubscribeUrl },
      ];
    case 'operator':
      return [{ text: t(lang, 'notify.footer.operator', { site }) }];
  }
}

/**
 * Stable for one event and one recipient (a retry or a crash-and-resend carries the same id, so
 * a receiving system can drop the duplicate), on the site's own domain; the address itself is
 * hashed, never written into a header other systems log.
 */
export function messageIdFor(event: NotificationEvent, email: string, siteUrl: string): string {
  const host = new URL(siteUrl).hostname || 'localhost';
  const readable = event.id.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 64);
  const digest = createHash('sha256').update(`${event.id}\n${email.toLowerCase()}`).digest('hex').slice(0, 24);
  return `<${readable}.${digest}@${host}>`;
}

/**
 * One event as one e-mail to one recipient, in the recipient's language: subject, plain text and
 * HTML saying the same, times in JST as the pages write them, links to the page in that language.
 * Pure: the same event, context and recipient always make the same message.
 */
export function composeMail(
  event: NotificationEvent,
  context: NotificationContext,
  recipient: MailRecipient,
): MailMessage {
  const content = mailContent(event, context, recipient.lang);
  content.subject = oneLine(content.subject);
  const lines = footer(recipient, context);
  const headers: Record<string, string> = {
    // RFC 3834: a machine's message; well-behaved auto-responders do not answer it.
    'Auto-Submitted': 'auto-generated',
    'Content-Language': recipient.lang,
  };
  const listUnsubscribe: string[] = [];
  if (recipient.kind === 'subscriber') {
    listUnsubscribe.push(recipient.unsubscribeUrl);
    // RFC 8058: a POST of this body to the https URL unsubscribes, without a page in between.
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const name = recipient.kind === 'subscriber' ? '' : oneLine(recipient.name ?? '');
  return {
    to: { name, address: recipient.email },
    subject: content.subject,
    text: renderText(content, lines),
    html: renderHtml(content, lines),
    messageId: messageIdFor(event, recipient.email, context.settings.siteUrl),
    date: event.occurredAt,
    lang: recipient.lang,
    headers,
    listUnsubscribe,
  };
}
