import { json } from './api.ts';

/** What `apiFor` gives: the app's doors and the changes its writes reported. */
type Api = ReturnType<typeof import('./api.ts').apiFor>;

/**
 * Every kind of write the API makes, one after another, on two components: incident create,
 * update, resolve, reopen and a deleted update, rename and components corrected, update edit and
 * deletion, maintenance scheduled and cancelled, notice announced, amended and withdrawn, a component
 * edited. `begin` runs once the components exist, before the first write; `check` is handed each
 * write (and says its answer's JSON), so that a test can compare what it derives after each.
 */
export async function writeEveryKind(
  api: Api,
  begin: () => Promise<unknown>,
  // biome-ignore lint/suspicious/noExplicitAny: the API's answers, read by the field
  check: (what: string, res: Response | Promise<Response>) => Promise<any>,
): Promise<void> {
  const invoices = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
  const contracts = (await json(api.post('/api/v1/components', { name: '契約書' }))).id as string;
  api.changes.splice(0);
  await begin();

  const first = await check(
    'an incident opened',
    api.post('/api/v1/incidents', { name: '送信遅延', body: '調査中', components: { [invoices]: 'major_outage' } }),
  );
  await check(
    'an update naming a second component',
    api.post(`/api/v1/incidents/${first.id}/updates`, {
      status: 'identified',
      body: '原因を特定',
      components: { [contracts]: 'partial_outage' },
    }),
  );
  const second = await check(
    'a second incident on the same component',
    api.post('/api/v1/incidents', {
      name: '表示崩れ',
      body: '調査中',
      components: { [invoices]: 'degraded_performance' },
    }),
  );
  const resolved = await check(
    'the first incident resolved',
    api.post(`/api/v1/incidents/${first.id}/updates`, {
      status: 'resolved',
      body: '復旧',
      components: { [invoices]: 'operational', [contracts]: 'operational' },
    }),
  );
  await check(
    'the first incident reopened',
    api.post(`/api/v1/incidents/${first.id}/updates`, { status: 'investigating', body: '再発' }),
  );
  await check(
    'its resolution deleted as a mistake',
    api.send('DELETE', `/api/v1/incidents/${first.id}/updates/${resolved.updates[0].id}`, { reason: '誤投稿' }),
  );
  await check(
    'the second incident renamed and its components corrected',
    api.patch(`/api/v1/incidents/${second.id}`, { name: '表示の崩れ', components: { [contracts]: 'major_outage' } }),
  );
  await check(
    'an update text corrected',
    api.patch(`/api/v1/incidents/${second.id}/updates/${second.updates[0].id}`, { body: '確認中' }),
  );
  await check('the second incident deleted', api.send('DELETE', `/api/v1/incidents/${second.id}`, { reason: '重複' }));
  const maintenance = await check(
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
  const notice = await check(
    'a notice announced',
    api.post('/api/v1/notices', {
      kind: 'termination',
      title: '旧APIの提供終了',
      body: '終了します。',
      effective_at: '2027-02-28T10:00:00+09:00',
      components: [contracts],
    }),
  );
  await check(
    'the notice amended',
    api.patch(`/api/v1/notices/${notice.id}`, { body: '旧API（v1）を終了します。', reason: '版の明記' }),
  );
  await check('the notice withdrawn', api.send('POST', `/api/v1/notices/${notice.id}/withdraw`, { reason: '継続' }));
  await check(
    'the maintenance cancelled',
    api.post(`/api/v1/maintenances/${maintenance.id}/cancel`, { reason: '延期' }),
  );
  await check(
    'a component renamed',
    api.patch(`/api/v1/components/${contracts}`, { name: '契約', status: 'degraded_performance' }),
  );
  await check(
    'the remaining incident resolved',
    api.post(`/api/v1/incidents/${first.id}/updates`, {
      status: 'resolved',
      body: '復旧',
      components: { [invoices]: 'operational', [contracts]: 'operational' },
    }),
  );
}
