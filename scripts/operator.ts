/**
 * Operator accounts from the command line (issue 12), on the server's own database (DATABASE_URL, or
 * the embedded one under DATA_DIR):
 *
 *   npm run operator -- create <email> --role admin|operator|viewer [--name NAME]   (password on stdin)
 *   npm run operator -- token <email> [--scopes read,incidents] [--expires-days N] [--label L]
 *   npm run operator -- disable <email>
 *   npm run operator -- list
 *
 * `token` prints the new token alone on the last line of standard output. Every error is one sentence
 * on standard error and a non-zero exit (2 for a usage error, with the usage). Each command is in the
 * audit log as `cli:<OS user>`.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.ts';
import { ShiraseError } from '../api/core/errors.ts';
import type { Actor } from '../api/operators/actor.ts';
import { checkPasswordStrength } from '../api/operators/password.ts';
import { readNewPassword } from './operator-input.ts';
import { cliMain, UsageError } from './cli-main.ts';

const USAGE = `usage:
  npm run operator -- create <email> --role admin|operator|viewer [--name NAME]   (the password on standard input)
  npm run operator -- token <email> [--scopes read,incidents,...] [--expires-days N] [--label LABEL]
  npm run operator -- disable <email>
  npm run operator -- list`;

/** `password: must be …` → `The password must be …`: one sentence a person reads. */
function sentence(err: unknown): string {
  if (err instanceof ShiraseError && err.issues.length)
    return err.issues.map((i) => `The ${i.field} ${i.message.replace(/\.$/, '')}.`).join(' ');
  return err instanceof Error ? err.message : String(err);
}

async function run(argv: string[], database: () => Promise<Database>): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        'expires-days': { type: 'string' },
        label: { type: 'string' },
      },
    });
  try {
    parsed = parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { positionals, values } = parsed;
  const [command, email, ...extra] = positionals;
  const needsEmail = command === 'create' || command === 'token' || command === 'disable';
  if (!command || (needsEmail && (!email || extra.length)) || (command === 'list' && positionals.length > 1))
    throw new UsageError(command ? `${command} takes one email.` : 'Name a command.');
  // The database layer, once the command line is understood (cliMain's resolve hook speeds it up).
  const { createOperator, findOperatorByEmail, listOperators, updateOperator } = await import(
    '../api/operators/operators.ts'
  );
  const { issueToken } = await import('../api/operators/tokens.ts');
  const actor: Actor = { operatorId: null, email: `cli:${userInfo().username}`, via: 'cli', ip: null };
  const now = new Date();

  if (command === 'create') {
    if (!values.role) throw new UsageError('create needs --role admin|operator|viewer.');
    const password = await readNewPassword();
    // Before the database is opened (seconds for the embedded one): a weak password is told at once.
    const weak = checkPasswordStrength(password, email);
    if (weak) throw new Error(`The password ${weak.en}.`);
    const { db } = await database();
    const { id } = await createOperator({
      db,
      now,
      input: { email, role: values.role, ...(values.name !== undefined && { name: values.name }), password },
      actor,
    });
    console.log(`Created ${values.role} ${email!.trim().toLowerCase()} (id ${id}).`);
  } else if (command === 'token') {
    const days = values['expires-days'];
    if (days !== undefined && !/^\d+$/.test(days)) throw new UsageError('--expires-days takes a whole number of days.');
    const { db } = await database();
    const operator = await findOperatorByEmail(db, email!);
    if (!operator) throw new Error(`No operator has the email ${email}.`);
    const { id, token } = await issueToken({
      db,
      now,
      operatorId: operator.id,
      scopes: values.scopes?.split(',').map((s) => s.trim()),
      expiresDays: days === undefined ? undefined : Number(days),
      label: values.label,
      actor,
    });
    console.error(`A token for ${operator.email} (id ${id}); it is shown this once:`);
    console.log(token);
  } else if (command === 'disable') {
    const { db } = await database();
    await updateOperator({ db, now, who: { email: email! }, input: { disabled: true }, actor });
    console.log(`Disabled ${email!.trim().toLowerCase()}: their sessions and tokens have ended.`);
  } else if (command === 'list') {
    const { db } = await database();
    for (const o of await listOperators(db))
      console.log([o.email, o.role, o.disabledAt ? 'disabled' : 'enabled', o.name ?? ''].join('\t').trimEnd());
  } else throw new UsageError(`Unknown command ${command}.`);
}

await cliMain(
  'operator',
  USAGE,
  { inMemory: 'DATA_DIR=memory keeps no operators', whileServing: 'manage operators while it serves' },
  run,
  sentence,
);
