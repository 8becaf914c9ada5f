import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import addressparser from 'nodemailer/lib/addressparser';

/** Where and how e-mail goes (issue 11's contract): SMTP when SMTP_URL is set, else `.eml` files. */
export interface MailConfig {
  /** SMTP_URL, parsed; null: messages are written to `outboxDir` instead. */
  smtp: SmtpConfig | null;
  /** MAIL_FROM, default `Shirase <status@localhost>`. */
  from: { name: string; address: string };
  /** DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (PEM) or DKIM_PRIVATE_KEY_FILE; null when unset. */
  dkim: DkimConfig | null;
  /** `DATA_DIR/outbox` (a temporary directory's when DATA_DIR=memory, which has no disk of its own). */
  outboxDir: string;
  /** Allowed, but worth a line at start-up. */
  warnings: string[];
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte (implicit TLS, RFC 8314); smtp:// upgrades with STARTTLS when offered. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  /** Connecting and the server's greeting (SMTP_TIMEOUT_MS, default 10 s); a reply to a command gets 6 times as long. */
  timeoutMs: number;
  /**
   * SMTP_CA_FILE: PEM certificates to trust for the server's, for a relay whose certificate a
   * private CA signed. Null: the system's roots. The certificate is always verified.
   */
  ca: string | null;
}

export interface DkimConfig {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export const DEFAULT_MAIL_FROM = 'Shirase <status@localhost>';

function fail(message: string): never {
  throw new Error(`Invalid configuration: ${message}`);
}

const value = (env: NodeJS.ProcessEnv, name: string) => env[name]?.trim() || undefined;

function readCa(file: string | undefined): string | null {
  if (!file) return null;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`SMTP_CA_FILE cannot be read (${(e as Error).message})`);
  }
  try {
    new X509Certificate(pem);
  } catch {
    fail('SMTP_CA_FILE holds no PEM certificate');
  }
  return pem;
}

function parseSmtpUrl(raw: string, timeoutMs: number, ca: string | null): SmtpConfig {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail('SMTP_URL must be an smtp:// or smtps:// URL, such as smtp://127.0.0.1:2525');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    fail(`SMTP_URL must start with smtp:// or smtps:// (it starts with ${url.protocol}//)`);
  if (!url.hostname) fail('SMTP_URL has no host');
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    // RFC 8314 §7.3: 465 for implicit TLS; 587 is the submission port for the rest.
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass: decodeURIComponent(url.password) } : null,
    timeoutMs,
    ca,
  };
}

function parseFrom(raw: string): { name: string; address: string } {
  const parsed = addressparser(raw, { flatten: true });
  const first = parsed[0];
  if (parsed.length !== 1 || !first?.address || !/^[^@\s]+@[^@\s]+$/.test(first.address))
    fail(`MAIL_FROM must be one address, such as ${DEFAULT_MAIL_FROM}`);
  return { name: first.name, address: first.address };
}

function parseDkim(env: NodeJS.ProcessEnv): DkimConfig | null {
  const domainName = value(env, 'DKIM_DOMAIN');
  const keySelector = value(env, 'DKIM_SELECTOR');
  const inline = value(env, 'DKIM_PRIVATE_KEY');
  const file = value(env, 'DKIM_PRIVATE_KEY_FILE');
  if (!domainName && !keySelector && !inline && !file) return null;
  if (!domainName) fail('DKIM_DOMAIN is not set, but other DKIM_* variables are: set it, or unset them all');
  if (!keySelector) fail('DKIM_SELECTOR is not set, but other DKIM_* variables are: set it, or unset them all');
  if (inline && file) fail('DKIM_PRIVATE_KEY and DKIM_PRIVATE_KEY_FILE are both set: set one');
  if (!inline && !file) fail('DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE must be set with DKIM_DOMAIN');
  let privateKey: string;
  try {
    // A key pasted into an environment variable often arrives with its line breaks as `\n`.
    privateKey = file ? readFileSync(file, 'utf8') : inline!.replace(/\\n/g, '\n');
  } catch (e) {
    fail(`DKIM_PRIVATE_KEY_FILE cannot be read (${(e as Error).message})`);
  }
  try {
    createPrivateKey(privateKey);
  } catch {
    fail(`${file ? 'DKIM_PRIVATE_KEY_FILE' : 'DKIM_PRIVATE_KEY'} is not a PEM private key`);
  }
  return { domainName, keySelector, privateKey };
}

/** Validates the mail variables once, at start-up; an error names the variable. */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): MailConfig {
  const timeoutRaw = value(env, 'SMTP_TIMEOUT_MS');
  const timeoutMs = timeoutRaw === undefined ? 10_000 : Number(timeoutRaw);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000)
    fail('SMTP_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000');
  const smtpUrl = value(env, 'SMTP_URL');
  const from = parseFrom(value(env, 'MAIL_FROM') ?? DEFAULT_MAIL_FROM);
  const dkim = parseDkim(env);
  const warnings: string[] = [];
  const fromDomain = from.address.split('@')[1]!.toLowerCase();
  if (dkim && fromDomain !== dkim.domainName.toLowerCase() && !fromDomain.endsWith(`.${dkim.domainName.toLowerCase()}`))
    warnings.push(
      `DKIM_DOMAIN ${dkim.domainName} is not MAIL_FROM's domain (${fromDomain}): receivers will not count the signature for DMARC`,
    );
  if (smtpUrl && fromDomain === 'localhost')
    warnings.push(
      `MAIL_FROM is ${from.address}: mail servers beyond this machine refuse or bin a sender at localhost; set MAIL_FROM to an address of your domain`,
    );
  return {
    smtp: smtpUrl ? parseSmtpUrl(smtpUrl, timeoutMs, readCa(value(env, 'SMTP_CA_FILE'))) : null,
    from,
    dkim,
    outboxDir: dataDir === 'memory' ? path.join(tmpdir(), 'shirase-outbox') : path.join(dataDir, 'outbox'),
    warnings,
  };
}
