import { expect, it } from 'vitest';
import { componentObjects } from '../../api/publish/formats/statuspage/components.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

const jst = (local: string) => new Date(`${local}:00+09:00`);
const iso = (local: string) => `${local}:00.000+09:00`;

describeEachDatabase('/api/v2/components.json updated_at follows the shown status', ({ database }) => {
  /** The component as `/api/v2/components.json` publishes it, read as the publisher reads it. */
  const published = async (id: string, at: Date) => {
    const model = await loadSiteModel({ db: database().db, now: at });
    return componentObjects(model, 'page').find((c) => c.id === id)!;
  };

  it('moves updated_at (a component’s and its group’s) to each incident update that changes the status, and not for one that repeats it', async () => {
    const api = apiFor(database(), { now: jst('2026-12-01T00:10') });
    const group = await json(api.post('/api/v1/component-groups', { name: '帳票' }));
    const c = await json(api.post('/api/v1/components', { name: '請求書', group_id: group.id }));
    const other = await json(api.post('/api/v1/components', { name: '契約書' }));
    expect((await published(c.id, jst('2026-12-01T04:00'))).updated_at).toBe(iso('2026-12-01T00:10'));

    api.setNow(jst('2026-12-01T04:27'));
    const incident = await json(
      api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [c.id]: 'major_outage' } }),
    );
    expect(await published(c.id, jst('2026-12-01T04:28'))).toMatchObject({
      status: 'major_outage',
      updated_at: iso('2026-12-01T04:27'),
    });
    // The group row shows its members' worst status, and follows it too.
    expect(await published(group.id, jst('2026-12-01T04:28'))).toMatchObject({
      status: 'major_outage',
      updated_at: iso('2026-12-01T04:27'),
    });

    // Same status again, and a word on another component: the shown status of this one is unchanged.
    api.setNow(jst('2026-12-01T04:33'));
    await api.post(`/api/v1/incidents/${incident.id}/updates`, {
      status: 'identified',
      body: '原因を特定しました',
      components: { [c.id]: 'major_outage', [other.id]: 'degraded_performance' },
    });
    expect((await published(c.id, jst('2026-12-01T04:34'))).updated_at).toBe(iso('2026-12-01T04:27'));

    api.setNow(jst('2026-12-01T04:40'));
    await api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: '復旧しました' });
    expect(await published(c.id, jst('2026-12-01T05:00'))).toMatchObject({
      status: 'operational',
      updated_at: iso('2026-12-01T04:40'),
    });
    expect((await published(other.id, jst('2026-12-01T05:00'))).updated_at).toBe(iso('2026-12-01T04:40'));
    expect((await published(group.id, jst('2026-12-01T05:00'))).updated_at).toBe(iso('2026-12-01T04:40'));
  });
});
