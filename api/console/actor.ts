import type { Context } from 'hono';
import type { Actor } from '../operators/actor.ts';
import type { ConsoleEnv } from './types.ts';

/** The actor the core commands and the audit log take: the person signed in, through the console, from this address. */
export const consoleActor = (c: Context<ConsoleEnv>): Actor => ({
  operatorId: c.var.operator.id,
  email: c.var.operator.email,
  via: 'console',
  ip: c.var.ip,
});
