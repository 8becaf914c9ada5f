import { z } from 'zod';
import { optionalText, title } from '../core/input/common.ts';
import { zodMessage } from '../core/messages/zod.ts';
import { MAX_EMAIL_LENGTH, OPERATOR_ROLES, SCOPES } from './vocab.ts';

/** Compared and stored lower-cased: one person, one account, whatever case they type. */
export const operatorEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_EMAIL_LENGTH, zodMessage('field.maxChars', { max: MAX_EMAIL_LENGTH }))
  .pipe(z.email(zodMessage('field.email')));

export const createOperatorInput = z
  .strictObject({
    email: operatorEmail,
    role: z.enum(OPERATOR_ROLES),
    name: optionalText(title(100)),
    /** Absent: the person signs in with tokens only until a password is set. */
    password: z.string().max(1024).optional(),
  })
  .meta({ id: 'CreateOperator' });

export const updateOperatorInput = z
  .strictObject({
    role: z.enum(OPERATOR_ROLES).optional(),
    name: optionalText(title(100)),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: zodMessage('field.nameOneField'), path: [] })
  .meta({ id: 'UpdateOperator' });

/** 3650 days: a token that outlives ten years is a forgotten one. */
export const MAX_TOKEN_DAYS = 3650;

export const issueTokenInput = z
  .strictObject({
    scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length).optional(),
    expires_days: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
    label: optionalText(title(100)),
    operator_id: z.string().min(1).max(64).optional(),
  })
  .meta({ id: 'IssueToken' });

const limit = z.coerce.number().int().min(1).max(500).default(100);
/** An id cursor: the entries older than the last one of the previous page. */
const before = z.coerce.number().int().min(1).optional();

export const listAuditQuery = z.strictObject({
  operator: operatorEmail.optional(),
  action: z.string().min(1).max(200).optional(),
  target_type: z.string().min(1).max(64).optional(),
  limit,
  before,
});

export const listLoginsQuery = z.strictObject({ limit, before });

export const listTokensQuery = z.strictObject({ operator_id: z.string().min(1).max(64).optional() });
