import { expect, it } from 'vitest';
import type { Change } from '../../api/core/change.ts';
import { createSiteModelLoader, loadSiteModel } from '../../api/core/queries/site-model.ts';
import { apiFor, json } from '../support/api.ts';
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

    const invoices = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    const contracts = (await json(api.post('/api/v1/components', { name: '契約書' }))).id as string;
    api.changes.splice(0);
    await load(START, 'all');

    const first = await expectSameAsWholeRead(
      'an incident opened',
      api.post('/api/v1/incidents', { name: '送信遅延', body: '調査中', components: { [invoices]: 'major_outage' } }),
    );
    await expectSameAsWholeRead(
      'an update naming a second component',
      api.post(`/api/v1/incidents/${first.id}/updates`, {
        status: 'identified',
        body: '原因を特定',
        components: { [contracts]: 'partial_outage' },
      }),
    );
    const second = await expectSameAsWholeRead(
      'a second incident on the same component',
      api.post('/api/v1/incidents', {
        name: '表示崩れ',
        body: '調査中',
        components: { [invoices]: 'degraded_performance' },
      }),
    );
    const resolved = await expectSameAsWholeRead(
      'the first incident resolved',
      api.post(`/api/v1/incidents/${first.id}/updates`, {
        status: 'resolved',
        body: '復旧',
        components: { [invoices]: 'operational', [contracts]: 'operational' },
      }),
    );
    await expectSameAsWholeRead(
      'the first incident reopened',
      api.post(`/api/v1/incidents/${first.id}/updates`, { status: 'investigating', body: '再発' }),
    );
    await expectSameAsWholeRead(
      'its resolution deleted as a mistake',
      api.send('DELETE', `/api/v1/incidents/${first.id}/updates/${resolved.updates[0].id}`, { reason: '誤投稿' }),
    );
    await expectSameAsWholeRead(
      'the second incident renamed and its components corrected',
      api.patch(`/api/v1/incidents/${second.id}`, { name: '表示の崩れ', components: { [contracts]: 'major_outage' } }),
    );
    await expectSameAsWholeRead(
      'an update text corrected',
      api.patch(`/api/v1/incidents/${second.id}/updates/${second.updates[0].id}`, { body: '確認中' }),
    );
    await expectSameAsWholeRead(
      'the second incident deleted',
      api.send('DELETE', `/api/v1/incidents/${second.id}`, { reason: '重複' }),
    );
    const maintenance = await expectSameAsWholeRead(
      'a maintenance scheduled',
      api.post('/api/v1/maintenances', {
        title: '定期保守',
        body: '停止します',
        components: [invoices],
        scheduled_for: '2026-11-24T10:30:00+09:00',
        scheduled_until: '2026-11-24T12:00:00+09:00',
        short_notice: { reason: '緊急の更新' },
      }),
    );
    const notice = await expectSameAsWholeRead(
      'a notice announced',
      api.post('/api/v1/notices', {
        kind: 'termination',
        title: '旧APIの提供終了',
        body: '終了します。',
        effective_at: '2027-02-28T10:00:00+09:00',
        components: [contracts],
      }),
    );
    await expectSameAsWholeRead(
      'the notice amended',
      api.patch(`/api/v1/notices/${notice.id}`, { body: '旧API（v1）を終了します。', reason: '版の明記' }),
    );
    await expectSameAsWholeRead(
      'the notice withdrawn',
      api.send('POST', `/api/v1/notices/${notice.id}/withdraw`, { reason: '継続' }),
    );
    await expectSameAsWholeRead(
      'the maintenance cancelled',
      api.post(`/api/v1/maintenances/${maintenance.id}/cancel`, { reason: '延期' }),
    );
    await expectSameAsWholeRead(
      'a component renamed',
      api.patch(`/api/v1/components/${contracts}`, { name: '契約', status: 'degraded_performance' }),
    );
    await expectSameAsWholeRead(
      'the remaining incident resolved',
      api.post(`/api/v1/incidents/${first.id}/updates`, {
        status: 'resolved',
        body: '復旧',
        components: { [invoices]: 'operational', [contracts]: 'operational' },
      }),
    );
  });
});
