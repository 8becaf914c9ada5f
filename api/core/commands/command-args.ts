import type { Db } from '../../../db/client.ts';

/** What a command on one record takes: the database, the run's clock reading, the record's id and its raw input (parsed first). */
export interface RecordCommandArgs {
  db: Db;
  now: Date;
  id: string;
  input: unknown;
}

/** What a command on one post of an incident takes. */
export interface UpdateCommandArgs {
  db: Db;
  now: Date;
  incidentId: string;
  updateId: string;
  input: unknown;
}
