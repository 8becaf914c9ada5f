import { expect, test } from 'vitest';
import { createOperator } from '../../api/operators/operators.ts';
import { apiFor } from '../support/api.ts';
import { CookieJar, csrfIn, fromAddress, getPage, postForm } from '../support/console.ts';
import { describeEachDatabase } from '../support/db.ts';

const T0 = new Date('2026-11-28T10:00:00+09:00');
const PASSWORD = 'correct horse battery 9';

describeEachDatabase('the sign-in throttle across instances', ({ database }) => {
  /** A sign-in through the form of `app`, from `ip`: its status. */
  async function attempt(app: ReturnType<typeof apiFor>['app'], email: string, password: string, ip: string) {
    const jar = new CookieJar();
    const env = fromAddress(ip);
    const form = await getPage(app, '/admin/login', jar, env);
    const res = await postForm(app, '/admin/login', { _csrf: csrfIn(await form.text()), email, password }, jar, {
      env,
    });
    return res.status;
  }

  test('failures counted through one instance refuse the sign-in on another (they are read from the database)', async () => {
    const email = `shared-${Date.now()}@example.jp`;
    await createOperator({
      db: database().db,
      now: T0,
      input: { email, role: 'viewer', password: PASSWORD },
      actor: { operatorId: null, email: 'cli:test', via: 'cli', ip: null },
    });
    const one = apiFor(database(), { now: T0 });
    const other = apiFor(database(), { now: T0 });
    for (let i = 0; i < 5; i++)
      expect(await attempt(one.app, email, `guess ${i} wrong`, `192.0.2.${100 + i}`)).toBe(401);
    expect(await attempt(other.app, email, PASSWORD, '192.0.2.200')).toBe(429);
  });
});
