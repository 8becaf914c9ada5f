/** A Shirase data file (docs/data-format.md) with one component and the incidents given, as the data CLIs' tests import it. */
export const AT = '2026-11-30T10:00:00+09:00';
export const incident = (id: string, name: string) => ({
  id,
  name,
  impact: 'minor',
  detected_at: AT,
  created_at: AT,
  updated_at: AT,
  updates: [
    {
      id: `u${id.slice(1)}`,
      status: 'resolved',
      body: '復旧しました。',
      created_at: AT,
      display_at: AT,
      components: { api000000001: 'operational' },
    },
  ],
});
export const fileWith = (...incidents: ReturnType<typeof incident>[]) => ({
  format: 'shirase-data',
  version: 1,
  exported_at: AT,
  components: [{ id: 'api000000001', name: 'API', created_at: AT, updated_at: AT }],
  incidents,
});
