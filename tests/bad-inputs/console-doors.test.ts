import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { apiFor } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';

/** Paths a client might try to reach a console page, or leave it, without a session. */
const TRICKS = [
  '/admin',
  '/admin/incidents',
  '/admin/%2e%2e/admin/operators',
  '/admin//operators',
  '/admin/./operators',
  '/admin//evil.example/',
  '/admin/\\evil.example',
  '/admin/incidents/..%2f..%2foperators',
  '/en/admin/..%2f..%2fadmin/audit',
  '/en/admin/login-history',
  '/admin/tokens%0d%0aSet-Cookie:%20__Host-shirase_session=planted',
  '/admin/operators?x=%0d%0aX-Injected:%20yes',
];
/** Headers a client controls, claiming another origin; no trusted proxy is configured. */
const SPOOFED = { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http' };

describe('the console’s doors without a session (bad-inputs.md 4, 11 and 12)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(() => database?.close());

  it('answer every path trick with the sign-in page’s address on the console itself, whatever Host says, and never a page', async () => {
    const api = apiFor(database);
    for (const path of TRICKS) {
      const res = await api.app.request(path, { headers: SPOOFED });
      expect(res.status, path).toBe(303);
      const location = res.headers.get('location') ?? '';
      // Relative, on the console, one line: neither the Host nor the path can steer it elsewhere.
      expect(location, path).toMatch(/^\/(en\/)?admin\/login\?next=%2F(en%2F)?admin%2F[^\r\n]*$/);
      expect(res.headers.get('x-injected'), path).toBeNull();
      for (const cookie of res.headers.getSetCookie()) expect(cookie, path).not.toContain('planted');
    }
  });
});
