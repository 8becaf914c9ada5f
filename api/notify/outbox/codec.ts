import type { NotificationSubject } from '../events.ts';

/**
 * A subject snapshot to and from jsonb. Dates are tagged (`{ "$date": iso }`) rather than
 * guessed back from strings, so an update whose text happens to be an ISO time stays text.
 */
export function encodeSubject(subject: NotificationSubject): unknown {
  return JSON.parse(
    JSON.stringify(subject, function (this: Record<string, unknown>, key, value) {
      const raw = this[key];
      return raw instanceof Date ? { $date: raw.toISOString() } : value;
    }),
  );
}

export function decodeSubject(stored: unknown): NotificationSubject {
  return JSON.parse(JSON.stringify(stored), (_key, value) =>
    value !== null && typeof value === 'object' && Object.keys(value).length === 1 && typeof value.$date === 'string'
      ? new Date(value.$date)
      : value,
  ) as NotificationSubject;
}
