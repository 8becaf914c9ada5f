/**
 * Operators' roles and what each may do (issue 12). `admin`: operators, tokens and settings, and
 * everything an operator does; `operator`: incidents, maintenance, notices, components, contacts,
 * subscribers and webhooks; `viewer`: reads the audit log and drafts. A token's scopes narrow its
 * operator's role, never widen it.
 */
export const OPERATOR_ROLES = ['admin', 'operator', 'viewer'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/**
 * What a request needs. `read`: operator-only reads (edits, deliveries, drafts, the audit log of one's
 * own); `incidents`, `maintenance` (maintenance and notices), `components`, `notify` (contacts,
 * subscribers, webhooks): writes of that area; `admin`: operators, tokens, settings, everyone's
 * audit log and login history.
 */
export const SCOPES = ['read', 'incidents', 'maintenance', 'components', 'notify', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** The scopes each role holds; a token made without `--scopes` gets all of its operator's. */
export const ROLE_SCOPES: Record<OperatorRole, readonly Scope[]> = {
  admin: SCOPES,
  operator: ['read', 'incidents', 'maintenance', 'components', 'notify'],
  viewer: ['read'],
};

/** Whether an operator of `role`, through a credential limited to `scopes` (null: no limit), may do what `needed` names. */
export function allows(role: OperatorRole, scopes: readonly Scope[] | null, needed: Scope): boolean {
  return ROLE_SCOPES[role].includes(needed) && (scopes === null || scopes.includes(needed));
}

/** Where a write or a sign-in came from. */
export const AUDIT_VIAS = ['api', 'console', 'cli'] as const;
export type AuditVia = (typeof AUDIT_VIAS)[number];

/**
 * A login attempt's outcome. Failures keep their reason for the admins' eyes; the person trying only
 * ever reads "wrong email or password", whichever it was, so that no answer tells which accounts exist.
 */
export const LOGIN_OUTCOMES = [
  'ok',
  'second_factor_required',
  'unknown_account',
  'wrong_password',
  'wrong_second_factor',
  'disabled',
  'no_password',
  'throttled',
  'bad_token',
  'expired_token',
  'revoked_token',
] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];

/** 320: the longest address RFC 5321 allows (64 + 1 + 255); what is typed beyond it is not kept. */
export const MAX_EMAIL_LENGTH = 320;
