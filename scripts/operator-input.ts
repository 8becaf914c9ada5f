import { createInterface } from 'node:readline';

/** What the person typed, up to Enter, without showing it; Ctrl-C or Ctrl-D gives null. */
function readHidden(prompt: string): Promise<string | null> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve) => {
    let typed = '';
    const done = (value: string | null) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(typed);
        if (ch === '\u0003' || ch === '\u0004') return done(null);
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The first line of a piped standard input (`echo pw | npm run operator -- create …`); null when there is none. */
function readLine(): Promise<string | null> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, terminal: false });
    let line: string | null = null;
    rl.once('line', (l) => {
      line = l;
      rl.close();
    });
    rl.once('close', () => resolve(line));
  });
}

/**
 * The new password: at a terminal asked twice without echo (a typo would lock the person out);
 * piped, the first line of standard input. Throws a sentence when there is none or they differ.
 */
export async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = await readLine();
    if (line === null || line === '') throw new Error('No password came on standard input: give it on the first line.');
    return line;
  }
  const first = await readHidden('New password: ');
  if (first === null) throw new Error('Cancelled: no operator was created.');
  const again = await readHidden('The same password again: ');
  if (again === null) throw new Error('Cancelled: no operator was created.');
  if (first !== again) throw new Error('The two passwords differ: no operator was created.');
  return first;
}
