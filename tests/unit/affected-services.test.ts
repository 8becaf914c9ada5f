import { describe, expect, it } from 'vitest';
import type { ComponentView } from '../../api/core/model.ts';
import { affectedSection } from '../../api/publish/formats/feeds/incident-entries.ts';
import { componentList } from '../../site/components/maintenance-format.ts';

const T = new Date('2026-11-01T00:00:00Z');
/** The catalogue as the model holds it: in page order, which is not the order of the ids. */
const CATALOGUE: ComponentView[] = (
  [
    ['cmp_z', '見積書', 'Quotes'],
    ['cmp_a', '受発注ライク', 'Orders Lite'],
    ['cmp_m', 'プラットフォームID', 'Platform ID'],
    ['cmp_b', '請求書', 'Invoices'],
  ] as const
).map(([id, name, nameEn], position) => ({
  id,
  groupId: null,
  name,
  nameEn,
  description: null,
  descriptionEn: null,
  position,
  manualStatus: 'operational',
  status: 'operational',
  showcase: true,
  onlyShowIfDegraded: false,
  startDate: null,
  createdAt: T,
  updatedAt: T,
}));

describe('affected services named on pages and in feeds', () => {
  it('lists them in the order of the status page, not of their ids', () => {
    const ids = ['cmp_a', 'cmp_b', 'cmp_z'];
    expect(componentList('ja', CATALOGUE, ids)).toBe('見積書、受発注ライク、請求書');
    expect(componentList('en', CATALOGUE, ids)).toBe('Quotes, Orders Lite, Invoices');
    const byId = new Map(CATALOGUE.map((c) => [c.id, c]));
    expect(affectedSection(ids, byId, 'ja')[0]?.text).toBe('見積書、受発注ライク、請求書');
  });

  it('says “all services” when every service is affected, instead of naming each', () => {
    const all = ['cmp_m', 'cmp_a', 'cmp_z', 'cmp_b'];
    expect(componentList('ja', CATALOGUE, all)).toBe('すべてのサービス');
    expect(componentList('en', CATALOGUE, all)).toBe('All services');
  });

  it('names a removed service by its id, after the others', () => {
    expect(componentList('ja', CATALOGUE, ['cmp_gone', 'cmp_b', 'cmp_z'])).toBe('見積書、請求書、cmp_gone');
  });
});
