import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback that accepts every message without reading it. Each message's data
 * is counted as it arrives; the acceptance waits for `answerAfter` when given (a test holds it).
 */
export function acceptingSmtp(answerAfter: Promise<void> = Promise.resolve()) {
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        void answerAfter.then(() => callback(null, 'Queued'));
      });
      stream.resume();
    },
  });
  return {
    /** Messages whose data arrived, answered or not. */
    received: () => received,
    /** Listens on a free loopback port and gives its SMTP_URL. */
    async start(): Promise<string> {
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      return `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** A real SMTP server on loopback (plain SMTP) that keeps each message with its envelope's recipients. */
export function collectingSmtp() {
  const received: { to: string[]; raw: Buffer }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback(null, 'Queued');
      });
    },
  });
  return {
    received,
    /** Listens on a free loopback port and gives its SMTP_URL. */
    async start(): Promise<string> {
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      return `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
