import type { Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { MailConfig } from '../../server/mail-config.ts';
import type { DeliveryResult } from '../events.ts';
import { writeEml } from './eml-outbox.ts';
import type { MailMessage } from './message.ts';
import { sendFailure } from './send-result.ts';

/**
 * Sends composed messages, one recipient each. `send` never throws: `delivered` once the SMTP
 * server accepted the message (or its file is in place), its `detail` the server's answer and the
 * Message-ID; a failure is `temporary` or `permanent` as send-result.ts decides.
 */
export interface MailTransport {
  send(message: MailMessage): Promise<DeliveryResult>;
  /** Where messages go, in one line for the start-up log (no password). */
  readonly description: string;
  close(): void;
}

/**
 * nodemailer's list (RFC 6376 §5.4.1's) plus what it leaves out: RFC 8058 §4 requires the
 * signature to cover List-Unsubscribe-Post as well as List-Unsubscribe, or a receiver may
 * ignore the one-click header.
 */
const DKIM_SIGNED_FIELDS = [
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding',
  'Content-ID:Content-Description:Resent-Date:Resent-From:Resent-Sender:Resent-To:Resent-Cc:Resent-Message-ID',
  'In-Reply-To:References:List-Id:List-Help:List-Unsubscribe:List-Subscribe:List-Post:List-Owner:List-Archive',
  'List-Unsubscribe-Post:Auto-Submitted:Content-Language',
].join(':');

/** The start-up log's line: where e-mail goes. */
export function describeMail(config: MailConfig): string {
  const dkim = config.dkim ? `, DKIM-signed for ${config.dkim.domainName} (selector ${config.dkim.keySelector})` : '';
  if (!config.smtp)
    return `Mail: SMTP_URL is not set, so each message is written to ${config.outboxDir}/ as an .eml file${dkim}`;
  const { host, port, secure, auth } = config.smtp;
  const who = auth ? `${auth.user}@` : '';
  const where = host.includes(':') ? `[${host}]` : host;
  return `Mail: sent through ${secure ? 'smtps' : 'smtp'}://${who}${where}:${port} from ${config.from.address}${dkim}`;
}

function mailOptions(config: MailConfig, message: MailMessage): Mail.Options {
  return {
    from: config.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: message.date,
    headers: message.headers,
    // One header holding every target (RFC 2369 §2), the https one first (RFC 8058 §3.1).
    list: message.listUnsubscribe.length > 0 ? { unsubscribe: [message.listUnsubscribe] } : undefined,
    // Base64 words keep a Japanese subject about a third shorter than quoted-printable ones.
    textEncoding: 'B',
    // A message is built from the strings above only: no field may make nodemailer read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * SMTP through nodemailer when `config.smtp` is set (a small pool of connections, reused across
 * messages); otherwise each message, signed the same way, becomes a file in `config.outboxDir`.
 * `now` names the files (tests pin it).
 */
export function createMailTransport(config: MailConfig, options: { now?: () => Date } = {}): MailTransport {
  const now = options.now ?? (() => new Date());
  const dkim = config.dkim ? { ...config.dkim, headerFieldNames: DKIM_SIGNED_FIELDS } : undefined;
  const description = describeMail(config);
  if (config.smtp) {
    const { host, port, secure, auth, timeoutMs, ca } = config.smtp;
    const transporter = lazyTransporter(() => ({
      pool: true,
      maxConnections: 4,
      host,
      port,
      secure,
      auth: auth ?? undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs * 6,
      // The sheet's row 42: TLS 1.2 at least, wherever Shirase speaks TLS.
      tls: { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
      dkim,
    }));
    return {
      description,
      async send(message) {
        try {
          const info = await (await transporter.get()).sendMail(mailOptions(config, message));
          return { outcome: 'delivered', detail: `${info.response} (Message-ID ${info.messageId})` };
        } catch (e) {
          return sendFailure(e);
        }
      },
      close: () => transporter.close(),
    };
  }
  const transporter = lazyTransporter(() => ({ streamTransport: true, buffer: true, newline: 'windows', dkim }));
  return {
    description,
    async send(message) {
      try {
        const info = await (await transporter.get()).sendMail(mailOptions(config, message));
        const file = await writeEml(config.outboxDir, info.message as Buffer, now());
        return { outcome: 'delivered', detail: `written to ${file} (Message-ID ${info.messageId})` };
      } catch (e) {
        return sendFailure(e);
      }
    },
    close: () => transporter.close(),
  };
}

/**
 * nodemailer, loaded and its transport made at the first message: a server that sends none (the
 * demo, an instance with no contact, subscriber or operator address) never holds its code (loading
 * it costs 4.9 MiB of heap and 24 MiB of RSS in a bare Node 24 process).
 */
function lazyTransporter(options: () => Parameters<typeof import('nodemailer').createTransport>[0]) {
  let made: Promise<Transporter> | undefined;
  let closed = false;
  return {
    get(): Promise<Transporter> {
      made ??= import('nodemailer').then(({ default: nodemailer }) => {
        const transporter = nodemailer.createTransport(options());
        if (closed) transporter.close();
        return transporter;
      });
      return made;
    },
    close(): void {
      closed = true;
      void made?.then((t) => t.close());
    },
  };
}
