import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../../core/text/markdown.ts';
import type { Lang } from '../../core/vocab.ts';
import { formatTime, t } from '../../../site/i18n/index.ts';
import { oneLine } from '../mail/compose.ts';
import type { MailMessage } from '../mail/message.ts';

/**
 * The sign-up's own messages: `confirm` carries the confirmation link (valid until `until`),
 * `known` the manage link of an address that is already subscribed. Neither is a notification:
 * no List-Unsubscribe (there is nothing to leave yet, or the manage page does it).
 */
export type SignUpMail =
  | { kind: 'confirm'; email: string; lang: Lang; url: string; until: Date }
  | { kind: 'known'; email: string; lang: Lang; url: string };

function link(url: string): string {
  const u = escapeHtml(url);
  return `<a href="${u}">${u}</a>`;
}

export function composeSignUpMail(mail: SignUpMail, siteUrl: string, now: Date): MailMessage {
  const { lang } = mail;
  const site = t(lang, 'site.name');
  const host = new URL(siteUrl).hostname || 'localhost';
  const texts =
    mail.kind === 'confirm'
      ? {
          subject: t(lang, 'sub.mail.confirm.subject', { site }),
          lead: t(lang, 'sub.mail.confirm.lead', { site }),
          label: t(lang, 'sub.mail.confirm.link'),
          after: [
            t(lang, 'sub.mail.confirm.expiry', { until: formatTime(lang, mail.until) }),
            t(lang, 'sub.mail.confirm.ignore'),
          ],
        }
      : {
          subject: t(lang, 'sub.mail.known.subject', { site }),
          lead: t(lang, 'sub.mail.known.lead', { site }),
          label: t(lang, 'notify.footer.manage'),
          after: [t(lang, 'sub.mail.known.ignore')],
        };
  const subject = oneLine(texts.subject);
  const text = `${texts.lead}\n\n${texts.label}: ${mail.url}\n\n${texts.after.join('\n\n')}\n`;
  const html = `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.6;color:#1a1a1a">
<p>${escapeHtml(texts.lead)}</p>
<p>${escapeHtml(texts.label)}: ${link(mail.url)}</p>
${texts.after.map((p) => `<p style="font-size:0.875em;color:#555">${escapeHtml(p)}</p>`).join('\n')}
</body>
</html>
`;
  return {
    to: { name: '', address: mail.email },
    subject,
    text,
    html,
    // Each sign-up mail is its own message: a second request is a second mail, not a resend.
    messageId: `<subscribe.${randomBytes(12).toString('hex')}@${host}>`,
    date: now,
    lang,
    // RFC 3834: a machine's message; well-behaved auto-responders do not answer it.
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': lang },
    listUnsubscribe: [],
  };
}
