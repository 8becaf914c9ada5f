import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { AUDIT_VIAS, LOGIN_OUTCOMES, OPERATOR_ROLES } from '../../api/operators/vocab.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (values: readonly string[]) => sql.raw(values.map((s) => `'${s}'`).join(','));

/**
 * One row per person (the sheet's row 18: one ID per person). `email` is unique case-insensitively;
 * `password_hash` is an argon2id PHC string (null: cannot sign in to the console, tokens only);
 * `totp_secret` is set once the person has confirmed a second factor. `disabled_at` ends every
 * session and token at the next request.
 */
export const operators = pgTable(
  'operators',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name'),
    role: text('role', { enum: OPERATOR_ROLES }).notNull(),
    passwordHash: text('password_hash'),
    passwordChangedAt: ts('password_changed_at'),
    totpSecret: text('totp_secret'),
    /** The last TOTP time step accepted: a code is never accepted twice. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }).notNull().default(0),
    disabledAt: ts('disabled_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('operators_email_key').on(sql`lower(${t.email})`),
    check('operators_role_check', sql`${t.role} in (${list(OPERATOR_ROLES)})`),
  ],
);

/**
 * API tokens: only the SHA-256 of the token is kept (a token carries ≥ 256 random bits, so a plain
 * digest is enough and keeps the check to one indexed lookup); `prefix` is its first characters,
 * shown in lists so that a person can tell their tokens apart. `scopes` narrows what the role allows.
 */
export const operatorTokens = pgTable(
  'operator_tokens',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id, { onDelete: 'cascade' }),
    label: text('label'),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('operator_tokens_hash_key').on(t.tokenHash),
    index('operator_tokens_operator_idx').on(t.operatorId),
  ],
);

/**
 * Console sessions. `id_hash` is the SHA-256 of the cookie's value (a stolen database does not give
 * live sessions); `csrf_token` is the session's form token. A session ends at `ended_at` (logout, a
 * password change, disabling), after `idle` without a request, or at `expires_at` (absolute).
 * `second_factor_pending`: the password was right, the TOTP code is still to come.
 */
export const operatorSessions = pgTable(
  'operator_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    secondFactorPending: boolean('second_factor_pending').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    endedAt: ts('ended_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('operator_sessions_operator_idx').on(t.operatorId)],
);

/**
 * Login history (the sheet's row 42): every attempt, its time, the client's address (behind a
 * trusted proxy only), the device parsed from the user agent, and the outcome with its reason.
 * `email` is what was typed (lowercased, cut to 320 characters); `operator_id` is set only when it
 * named an account. Failed attempts per email and per address in a window are counted from here,
 * so throttling holds across instances of one PostgreSQL.
 */
export const loginHistory = pgTable(
  'login_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    operatorId: text('operator_id').references(() => operators.id, { onDelete: 'set null' }),
    email: text('email').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    browser: text('browser'),
    os: text('os'),
    device: text('device'),
    /** `console` (password, then TOTP) or `api` (a token that failed). */
    via: text('via', { enum: AUDIT_VIAS }).notNull(),
    success: boolean('success').notNull(),
    outcome: text('outcome', { enum: LOGIN_OUTCOMES }).notNull(),
  },
  (t) => [
    index('login_history_at_idx').on(t.at),
    index('login_history_email_idx').on(t.email, t.at),
    index('login_history_ip_idx').on(t.ip, t.at),
    index('login_history_operator_idx').on(t.operatorId, t.at),
    check('login_history_outcome_check', sql`${t.outcome} in (${list(LOGIN_OUTCOMES)})`),
  ],
);

/**
 * Audit log (the sheet's row 18): every write from the API, the console and the CLI, with who, when,
 * from where, what, and the target's state before and after. Append-only: a trigger in the
 * migration refuses UPDATE and DELETE. `actor` is the operator's email at the time (kept when the
 * account is later renamed), or `ADMIN_TOKEN` for the bootstrap token.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    operatorId: text('operator_id'),
    actor: text('actor').notNull(),
    via: text('via', { enum: AUDIT_VIAS }).notNull(),
    ip: text('ip'),
    /** e.g. `POST /api/v1/incidents`, `console: post incident`, `cli: operator create`. */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_operator_idx').on(t.operatorId, t.at),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
  ],
);
