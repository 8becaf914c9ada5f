import type { AuditVia } from './vocab.ts';

/**
 * Who carries out an operator command, for its audit row: an operator (`operatorId` and the email
 * they have now), the bootstrap token (`operatorId` null, email `ADMIN_TOKEN`), or the CLI
 * (`operatorId` null, email `cli:<OS user>`).
 */
export interface Actor {
  operatorId: string | null;
  email: string;
  via: AuditVia;
  ip: string | null;
}

/** The bootstrap token's name in the audit log. */
export const ADMIN_TOKEN_ACTOR = 'ADMIN_TOKEN';
