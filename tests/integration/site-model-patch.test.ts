import { expect, it } from 'vitest';
import type { Change } from '../../api/core/change.ts';
import { createSiteModelLoader, loadSiteModel } from '../../api/core/queries/site-model.ts';
import { apiFor } from '../support/api.ts';
import { writeEveryKind } from '../support/write-sequence.ts';
import { describeEachDatabase } from '../support/db.ts';

const START = new Date('2026-11-24T10:00:00+09:00');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);

describeEachDatabase('a site model patched after each write', ({ database }) => {
  it('equals a whole read of the database after every kind of write the API makes', async () => {
    const api = apiFor(database(), { now: START });
    const load = createSiteModelLoader(() => database().db);
    let step = 0;
    /** Each write's changes go to the loader as the publisher hands them on; the patched model must be a whole read's. */
    async function expectSameAsWholeRead(what: string, res: Response | Promise<Response>) {
      const answer = await res;
      expect(answer.status, `${what}: ${await answer.clone().text()}`).toBeLessThan(300);
      const changes: Change[] = api.changes.splice(0);
      const now = minutes(++step);
      api.setNow(now);
      const patched = await load(now, changes);
      expect(patched, `${what} (changes: ${JSON.stringify(changes)})`).toEqual(
        await loadSiteModel({ db: database().db, now }),
      );
      return answer.json();
    }

    await writeEveryKind(api, () => load(START, 'all'), expectSameAsWholeRead);
  });
});
