import { expect, it } from 'vitest';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

describeEachDatabase('components through /api/v1', ({ database }) => {
  it('creates a component in a group and lists it with its status', async () => {
    const api = apiFor(database());
    const group = await json(api.post('/api/v1/component-groups', { name: '帳票', name_en: 'Documents' }));
    const res = await api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices', group_id: group.id });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      name: '請求書',
      name_en: 'Invoices',
      group_id: group.id,
      status: 'operational',
      created_at: '2026-11-28T10:00:00.000+09:00',
    });
    expect(res.headers.get('location')).toBe(`/api/v1/components/${created.id}`);
    const list = await json(api.get('/api/v1/components'));
    expect(list.components.map((c: { id: string }) => c.id)).toEqual([created.id]);
    expect(list.groups[0]).toMatchObject({ id: group.id, components: [created.id] });
    expect(api.changes).toEqual([
      { kind: 'group', id: group.id },
      { kind: 'component', id: created.id },
    ]);
  });

  it('changes a status by PATCH and bumps updated_at only when something changed', async () => {
    const api = apiFor(database());
    const c = await json(api.post('/api/v1/components', { name: '契約書' }));
    api.setNow(new Date('2026-11-28T11:00:00+09:00'));
    const same = await json(api.patch(`/api/v1/components/${c.id}`, { name: '契約書' }));
    expect(same.updated_at).toBe('2026-11-28T10:00:00.000+09:00');
    const changed = await json(api.patch(`/api/v1/components/${c.id}`, { status: 'partial_outage' }));
    expect(changed).toMatchObject({ status: 'partial_outage', updated_at: '2026-11-28T11:00:00.000+09:00' });
  });

  it('answers 404 problem+json for a component that does not exist', async () => {
    const api = apiFor(database());
    const res = await api.patch('/api/v1/components/nosuchthing', { status: 'major_outage' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({
      status: 404,
      detail: 'id が "nosuchthing" のコンポーネントはありません。',
    });
  });

  it('refuses a group id that does not exist, naming group_id, and creates nothing', async () => {
    const api = apiFor(database());
    const res = await api.post('/api/v1/components', { name: '見積書', group_id: 'missing' });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([expect.objectContaining({ field: 'group_id', pointer: '/group_id' })]);
    expect((await json(api.get('/api/v1/components'))).components).toEqual([]);
  });
});
