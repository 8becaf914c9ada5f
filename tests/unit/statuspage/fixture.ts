import type { ComponentView, GroupView, IncidentUpdateView, IncidentView, SiteModel } from '../../../api/core/model.ts';
import type { MaintenanceInput } from '../../../api/publish/formats/statuspage/maintenance-input.ts';

/**
 * A small page in the state of 2026-11-28 16:40 JST: one unresolved and one resolved incident,
 * maintenance in every Statuspage state, and hostile text in names, bodies and a description.
 * English translations all contain "EN:" so a test can prove none of them leaks into /api/v2.
 */
export const NOW = new Date('2026-11-28T07:40:00Z');

export const PAGE = { id: 'shirase-demo', name: 'Shirase ステータス', url: 'https://status.example.jp/' };

export const HOSTILE = {
  template: '{{7*7}} ${7*7} <%= 7*7 %>',
  html: '<img src=x onerror=alert(1)>',
  cdata: ']]> </script><script>alert(1)</script> ]]>',
  control: 'before\u0000\u0001\u0008\u000B\u000C\u001Fafter',
  attribute: '" onfocus=alert(1) x="',
  link: '[x](javascript:alert(1))',
};

const t = (iso: string) => new Date(iso);

const group = (g: Partial<GroupView> & Pick<GroupView, 'id' | 'name' | 'position' | 'componentIds'>): GroupView => ({
  nameEn: null,
  description: null,
  descriptionEn: null,
  createdAt: t('2025-04-01T00:00:00Z'),
  updatedAt: t('2025-04-01T00:00:00Z'),
  ...g,
});

const component = (
  c: Partial<ComponentView> & Pick<ComponentView, 'id' | 'name' | 'groupId' | 'position'>,
): ComponentView => ({
  nameEn: null,
  description: null,
  descriptionEn: null,
  manualStatus: 'operational',
  status: 'operational',
  showcase: true,
  onlyShowIfDegraded: false,
  startDate: null,
  createdAt: t('2025-04-01T00:00:00Z'),
  updatedAt: t('2025-04-01T00:00:00Z'),
  ...c,
});

export const GROUPS: GroupView[] = [
  group({ id: 'grp_common', name: '共通', nameEn: 'EN: Common', position: 1, componentIds: ['cmp_platform_id'] }),
  group({
    id: 'grp_b2b',
    name: 'BtoBプラットフォーム',
    nameEn: 'EN: B2B Platform',
    description: '請求書・契約書',
    descriptionEn: 'EN: Invoices and contracts',
    position: 2,
    componentIds: ['cmp_invoice', 'cmp_contract'],
    updatedAt: t('2026-02-01T03:00:00Z'),
  }),
  group({ id: 'grp_order', name: '受発注', nameEn: 'EN: Ordering', position: 3, componentIds: ['cmp_order'] }),
];

export const COMPONENTS: ComponentView[] = [
  component({
    id: 'cmp_platform_id',
    groupId: 'grp_common',
    name: 'プラットフォームID',
    nameEn: 'EN: Platform ID',
    position: 1,
    updatedAt: t('2026-11-20T03:00:00Z'),
  }),
  component({
    id: 'cmp_invoice',
    groupId: 'grp_b2b',
    name: '請求書',
    nameEn: 'EN: Invoices',
    description: '請求書の発行・受取',
    descriptionEn: 'EN: Issuing and receiving invoices',
    position: 1,
    status: 'partial_outage',
    startDate: '2015-06-01',
    updatedAt: t('2026-11-28T07:29:36Z'),
  }),
  component({
    id: 'cmp_contract',
    groupId: 'grp_b2b',
    name: '契約書',
    nameEn: 'EN: Contracts',
    position: 2,
    status: 'under_maintenance',
    manualStatus: 'under_maintenance',
    updatedAt: t('2026-11-28T07:00:00Z'),
  }),
  component({
    id: 'cmp_order',
    groupId: 'grp_order',
    name: '受発注',
    position: 1,
    showcase: false,
    status: 'under_maintenance',
    manualStatus: 'under_maintenance',
    updatedAt: t('2026-11-28T06:00:00Z'),
  }),
  component({
    id: 'cmp_trade',
    groupId: null,
    name: `TRADE ${HOSTILE.attribute}`,
    nameEn: 'EN: TRADE',
    description: `${HOSTILE.html} ${HOSTILE.template}`,
    position: 4,
    onlyShowIfDegraded: true,
  }),
];

const update = (
  u: Partial<IncidentUpdateView> & Pick<IncidentUpdateView, 'id' | 'incidentId' | 'status' | 'body' | 'createdAt'>,
): IncidentUpdateView => ({
  bodyEn: null,
  displayAt: u.createdAt,
  components: [],
  ...u,
});

export const UNRESOLVED: IncidentView = {
  id: 'inc_invoice_delay',
  name: `請求書の発行が遅延しています ${HOSTILE.template} ${HOSTILE.html}`,
  nameEn: `EN: Invoice issuing is delayed ${HOSTILE.template} ${HOSTILE.html}`,
  impact: 'major',
  status: 'identified',
  detectedAt: t('2026-11-28T06:50:00Z'),
  createdAt: t('2026-11-28T07:05:00Z'),
  updatedAt: t('2026-11-28T07:29:36Z'),
  monitoringAt: null,
  resolvedAt: null,
  updates: [
    update({
      id: 'upd_invoice_2',
      incidentId: 'inc_invoice_delay',
      status: 'identified',
      body: `原因を特定しました。${HOSTILE.cdata}\n\n復旧作業を進めています。${HOSTILE.link}`,
      bodyEn: `EN: We found the cause. ${HOSTILE.cdata}`,
      createdAt: t('2026-11-28T07:29:36Z'),
      components: [{ componentId: 'cmp_invoice', status: 'partial_outage', oldStatus: 'degraded_performance' }],
    }),
    update({
      id: 'upd_invoice_1',
      incidentId: 'inc_invoice_delay',
      status: 'investigating',
      body: `請求書の発行に遅延が発生しています。${HOSTILE.control}`,
      createdAt: t('2026-11-28T07:05:00Z'),
      components: [{ componentId: 'cmp_invoice', status: 'degraded_performance', oldStatus: 'operational' }],
    }),
  ],
  componentIds: ['cmp_invoice'],
  nextUpdateAt: null,
};

export const RESOLVED: IncidentView = {
  id: 'inc_login',
  name: 'プラットフォームIDにログインできない',
  nameEn: 'EN: Sign-in to Platform ID fails',
  impact: 'critical',
  status: 'resolved',
  detectedAt: t('2026-11-20T00:58:00Z'),
  createdAt: t('2026-11-20T01:10:00Z'),
  updatedAt: t('2026-11-20T03:00:00Z'),
  monitoringAt: t('2026-11-20T02:30:00Z'),
  resolvedAt: t('2026-11-20T03:00:00Z'),
  updates: [
    update({
      id: 'upd_login_4',
      incidentId: 'inc_login',
      status: 'resolved',
      body: '復旧しました。ご迷惑をおかけし申し訳ございません。',
      bodyEn: 'EN: Resolved. We apologise for the inconvenience.',
      createdAt: t('2026-11-20T03:00:00Z'),
      components: [{ componentId: 'cmp_platform_id', status: 'operational', oldStatus: 'major_outage' }],
    }),
    update({
      id: 'upd_login_3',
      incidentId: 'inc_login',
      status: 'monitoring',
      body: '修正を適用し、経過を観察しています。',
      bodyEn: 'EN: A fix is in place; we are monitoring.',
      createdAt: t('2026-11-20T02:30:00Z'),
    }),
    update({
      id: 'upd_login_2',
      incidentId: 'inc_login',
      status: 'identified',
      body: '認証サーバーの設定誤りが原因と判明しました。',
      createdAt: t('2026-11-20T01:40:00Z'),
    }),
    update({
      id: 'upd_login_1',
      incidentId: 'inc_login',
      status: 'investigating',
      body: 'ログインできない事象を調査しています。',
      bodyEn: 'EN: We are investigating failed sign-ins.',
      createdAt: t('2026-11-20T01:10:00Z'),
      displayAt: t('2026-11-20T01:05:00Z'),
      components: [{ componentId: 'cmp_platform_id', status: 'major_outage', oldStatus: 'operational' }],
    }),
  ],
  componentIds: ['cmp_platform_id'],
  nextUpdateAt: null,
};

export const MODEL: SiteModel = {
  generatedAt: NOW,
  updatedAt: t('2026-11-28T07:29:36Z'),
  indicator: 'major',
  groups: GROUPS,
  components: COMPONENTS,
  incidents: [UNRESOLVED, RESOLVED],
  maintenances: [],
  notices: [],
};

/** Deliberately not in window order: the mapper must sort. */
export const MAINTENANCES: MaintenanceInput[] = [
  {
    id: 'mnt_2026_10',
    name: '定期メンテナンス（2026年10月）',
    status: 'completed',
    scheduledFor: t('2026-10-20T17:00:00Z'),
    scheduledUntil: t('2026-10-20T19:00:00Z'),
    createdAt: t('2026-04-15T01:00:00Z'),
    updatedAt: t('2026-10-20T18:30:00Z'),
    componentIds: ['cmp_invoice', 'cmp_contract'],
    updates: [
      { id: 'mu_10_3', status: 'completed', body: '予定より早く完了しました。', createdAt: t('2026-10-20T18:30:00Z') },
      { id: 'mu_10_2', status: 'in_progress', body: '作業を開始しました。', createdAt: t('2026-10-20T17:00:00Z') },
      {
        id: 'mu_10_1',
        status: 'scheduled',
        body: '請求書・契約書のメンテナンスを予定しています。',
        createdAt: t('2026-04-15T01:00:00Z'),
      },
    ],
  },
  {
    id: 'mnt_2026_12',
    name: '定期メンテナンス（2026年12月）',
    status: 'scheduled',
    scheduledFor: t('2026-12-15T17:00:00Z'),
    scheduledUntil: t('2026-12-15T19:00:00Z'),
    createdAt: t('2026-06-10T01:00:00Z'),
    updatedAt: t('2026-06-10T01:00:00Z'),
    componentIds: ['cmp_platform_id'],
    updates: [
      {
        id: 'mu_12_1',
        status: 'scheduled',
        body: `全サービスの定期メンテナンスです。${HOSTILE.html}`,
        createdAt: t('2026-06-10T01:00:00Z'),
      },
    ],
  },
  {
    id: 'mnt_contract',
    name: '契約書 データベース更新',
    status: 'in_progress',
    scheduledFor: t('2026-11-28T07:00:00Z'),
    scheduledUntil: t('2026-11-28T09:00:00Z'),
    createdAt: t('2026-05-20T01:00:00Z'),
    updatedAt: t('2026-05-20T01:00:00Z'),
    componentIds: ['cmp_contract'],
    updates: [
      {
        id: 'mu_c_1',
        status: 'scheduled',
        body: '契約書のデータベースを更新します。',
        createdAt: t('2026-05-20T01:00:00Z'),
      },
    ],
  },
  {
    id: 'mnt_order',
    name: '受発注 データ移行',
    status: 'verifying',
    scheduledFor: t('2026-11-28T06:00:00Z'),
    scheduledUntil: t('2026-11-28T08:00:00Z'),
    createdAt: t('2026-05-01T01:00:00Z'),
    updatedAt: t('2026-11-28T07:20:00Z'),
    componentIds: ['cmp_order'],
    updates: [
      {
        id: 'mu_o_3',
        status: 'verifying',
        body: '移行を終え、動作を確認しています。',
        createdAt: t('2026-11-28T07:20:00Z'),
      },
      { id: 'mu_o_2', status: 'in_progress', body: '移行を開始しました。', createdAt: t('2026-11-28T06:00:00Z') },
      { id: 'mu_o_1', status: 'scheduled', body: '受発注のデータを移行します。', createdAt: t('2026-05-01T01:00:00Z') },
    ],
  },
];
