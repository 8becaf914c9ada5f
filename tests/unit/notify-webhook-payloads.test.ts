import { describe, expect, it } from 'vitest';
import { buildStatuspageDocuments, maintenanceInputs } from '../../api/publish/formats/statuspage/index.ts';
import { statuspagePage } from '../../api/publish/documents/site-identity.ts';
import { webhookBody } from '../../api/notify/webhook/index.ts';
import type { NotificationEvent, NotificationKind, NotificationSubject } from '../../api/notify/events.ts';
import { UPCOMING } from '../fixtures/public-model.ts';
import { HOSTILE, MODEL, NOW, UNRESOLVED } from './statuspage/fixture.ts';
import {
  COMPONENT_CHANGED,
  CONTEXT,
  EVENTS,
  INCIDENT_UPDATED,
  MAINTENANCE_ANNOUNCED,
  MAINTENANCE_CANCELLED,
  NOTICE_ANNOUNCED,
} from './notify-webhook-events.ts';

const body = (format: 'statuspage' | 'slack' | 'teams', event: NotificationEvent, lang: 'ja' | 'en' = 'ja') =>
  JSON.parse(webhookBody(format, event, CONTEXT, lang));

/** /api/v2 as the publisher builds it for the same page, to hold the webhook's objects against. */
const v2 = buildStatuspageDocuments(
  MODEL,
  statuspagePage(CONTEXT.settings.siteUrl),
  maintenanceInputs([UPCOMING], UPCOMING.announcedAt),
  NOW,
);

describe('Statuspage webhook payloads', () => {
  it('an incident event carries meta, the page status and the very incident object /api/v2 publishes', () => {
    const payload = body('statuspage', INCIDENT_UPDATED);
    expect(payload.meta).toEqual({
      unsubscribe: 'mailto:support@example.jp',
      documentation: 'https://status.example.jp/docs/api/',
    });
    expect(payload.page).toEqual({
      id: 'shirase',
      status_indicator: 'major',
      status_description: 'Partial System Outage',
    });
    const published = v2['/api/v2/incidents.json'].incidents.find((i) => i.id === 'inc_invoice_delay');
    expect(payload.incident).toEqual(JSON.parse(JSON.stringify(published)));
    expect(Object.keys(payload)).toEqual(['meta', 'page', 'incident']);
  });

  it('a maintenance event comes as an incident with impact "maintenance", as /api/v2 lists it', () => {
    const payload = body('statuspage', MAINTENANCE_ANNOUNCED);
    const published = v2['/api/v2/scheduled-maintenances.json'].scheduled_maintenances[0];
    expect(payload.incident).toEqual(JSON.parse(JSON.stringify(published)));
    expect(payload.incident.impact).toBe('maintenance');
    expect(payload.incident.scheduled_for).toBe('2026-12-16T02:00:00.000+09:00');
  });

  it('a cancelled maintenance still reaches the receiver, ended as completed with the reason as its latest update', () => {
    const { incident } = body('statuspage', MAINTENANCE_CANCELLED);
    expect(incident.id).toBe('mnt_cancelled');
    expect(incident.status).toBe('completed');
    expect(incident.resolved_at).toBe('2026-11-25T10:00:00.000+09:00');
    expect(incident.incident_updates[0]).toMatchObject({
      status: 'completed',
      body: 'SHIRASE-ONLY cancel reason',
      created_at: '2026-11-25T10:00:00.000+09:00',
    });
  });

  it('a component change carries component_update and the /api/v2 component object', () => {
    const payload = body('statuspage', COMPONENT_CHANGED);
    expect(payload.component_update).toEqual({
      created_at: '2026-11-28T16:40:00.000+09:00',
      new_status: 'major_outage',
      old_status: 'operational',
      id: 'evt_component_changed',
      component_id: 'cmp_trade',
    });
    expect(payload.component).toMatchObject({
      id: 'cmp_trade',
      status: 'major_outage',
      name: `TRADE ${HOSTILE.attribute}`,
    });
    expect(Object.keys(payload)).toEqual(['meta', 'page', 'component_update', 'component']);
  });

  it('a termination notice comes as `notice`, with its effective date and components', () => {
    const { notice } = body('statuspage', NOTICE_ANNOUNCED);
    expect(notice).toMatchObject({
      id: 'ntc_fax',
      kind: 'termination',
      effective_at: '2027-04-01T00:00:00.000+09:00',
      shortlink: 'https://status.example.jp/notices/ntc_fax',
      reminder_minutes: null,
    });
    expect(notice.components.map((c: { id: string }) => c.id)).toEqual(['cmp_order']);
  });
});

const unescapeSlack = (s: string) => s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** Every mrkdwn text of a Slack message, the top-level `text` included. */
function slackTexts(payload: {
  text: string;
  blocks: { text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
}) {
  return [
    payload.text,
    ...payload.blocks.flatMap((b) => [
      b.text?.text,
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => e.text),
    ]),
  ].filter((t): t is string => t !== undefined);
}

describe('Slack webhook payloads', () => {
  it('hostile text is escaped so the only link is the page link, and reads back as typed', () => {
    for (const event of EVENTS) {
      const texts = slackTexts(body('slack', event));
      const links = texts.join('\n').match(/<[^>]*>/g) ?? [];
      expect(links, event.kind).toHaveLength(1);
      expect(links[0]).toMatch(/^<https:\/\/status\.example\.jp\/[^|]*\|[^<>]+>$/);
    }
    const heading = unescapeSlack(body('slack', INCIDENT_UPDATED).text);
    expect(heading).toContain(HOSTILE.template);
    expect(heading).toContain(HOSTILE.html);
    expect(unescapeSlack(body('slack', NOTICE_ANNOUNCED).blocks[1].text.text)).toContain(HOSTILE.html);
  });

  it('is in Japanese by default and in English for an endpoint that asked for it', () => {
    const ja = body('slack', INCIDENT_UPDATED);
    const en = body('slack', INCIDENT_UPDATED, 'en');
    expect(ja.text).toMatch(/^【障害情報の更新】請求書の発行が遅延しています/);
    expect(en.text).toMatch(/^\[Incident update\] EN: Invoice issuing is delayed/);
    expect(slackTexts(en).join('\n')).toContain('https://status.example.jp/en/incidents/inc_invoice_delay/');
    expect(slackTexts(ja).join('\n')).toContain('日本時間');
  });

  it('a body longer than a section allows is cut without splitting an escape', () => {
    const { incident, update } = INCIDENT_UPDATED.subject as Extract<NotificationSubject, { type: 'incident' }>;
    const long: NotificationEvent = {
      ...INCIDENT_UPDATED,
      subject: { type: 'incident', incident, update: { ...update!, body: '<&>'.repeat(3_000) } },
    };
    const text: string = body('slack', long).blocks[1].text.text;
    expect(text.length).toBeLessThanOrEqual(3_000);
    expect(text).toMatch(/^障害情報を更新しました。\n\n(&lt;&amp;&gt;)+(&lt;|&lt;&amp;)?…$/);
  });
});

/** Every inline and element of an Adaptive Card's body, flattened. */
function cardTexts(payload: {
  attachments: { content: { body: { type: string; inlines: { type: string; text: string }[] }[] } }[];
}) {
  return payload.attachments[0]!.content.body.flatMap((b) => b.inlines.map((i) => ({ block: b.type, ...i })));
}

describe('Teams webhook payloads', () => {
  it('is one Adaptive Card whose texts are all TextRuns, which Teams never reads as markdown', () => {
    for (const event of EVENTS) {
      const payload = body('teams', event);
      expect(payload.type).toBe('message');
      expect(payload.attachments).toHaveLength(1);
      expect(payload.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      const card = payload.attachments[0].content;
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', lang: 'ja' });
      for (const t of cardTexts(payload)) expect([t.block, t.type], event.kind).toEqual(['RichTextBlock', 'TextRun']);
      expect(card.actions).toEqual([
        {
          type: 'Action.OpenUrl',
          title: '詳しくはこちら',
          url: expect.stringMatching(/^https:\/\/status\.example\.jp\//),
        },
      ]);
    }
  });

  it('hostile text stays as typed, in the endpoint language', () => {
    const texts = cardTexts(body('teams', INCIDENT_UPDATED, 'en')).map((t) => t.text);
    expect(texts[0]).toBe(`[Incident update] EN: Invoice issuing is delayed ${HOSTILE.template} ${HOSTILE.html}`);
    const notice = cardTexts(body('teams', NOTICE_ANNOUNCED))
      .map((t) => t.text)
      .join('\n');
    expect(notice).toContain(HOSTILE.html);
    expect(notice).not.toContain('javascript:');
  });
});

describe('every kind of event', () => {
  const KINDS: Record<NotificationKind, NotificationEvent> = {
    'incident.created': { ...INCIDENT_UPDATED, kind: 'incident.created' },
    'incident.updated': INCIDENT_UPDATED,
    'incident.resolved': { ...INCIDENT_UPDATED, kind: 'incident.resolved' },
    'incident.update_overdue': {
      ...INCIDENT_UPDATED,
      kind: 'incident.update_overdue',
      subject: { type: 'incident', incident: UNRESOLVED, dueAt: new Date('2026-11-28T08:00:00Z') },
    },
    'maintenance.announced': MAINTENANCE_ANNOUNCED,
    'maintenance.reminder': {
      ...MAINTENANCE_ANNOUNCED,
      kind: 'maintenance.reminder',
      subject: { type: 'maintenance', maintenance: UPCOMING, reminderMinutes: 1440 },
    },
    'maintenance.started': { ...MAINTENANCE_ANNOUNCED, kind: 'maintenance.started' },
    'maintenance.completed': { ...MAINTENANCE_ANNOUNCED, kind: 'maintenance.completed' },
    'maintenance.rescheduled': {
      ...MAINTENANCE_ANNOUNCED,
      kind: 'maintenance.rescheduled',
      subject: {
        type: 'maintenance',
        maintenance: UPCOMING,
        previous: { scheduledFor: new Date('2026-12-08T17:00:00Z'), scheduledUntil: new Date('2026-12-08T19:00:00Z') },
      },
    },
    'maintenance.extended': { ...MAINTENANCE_ANNOUNCED, kind: 'maintenance.extended' },
    'maintenance.cancelled': MAINTENANCE_CANCELLED,
    'notice.announced': NOTICE_ANNOUNCED,
    'notice.reminder': { ...NOTICE_ANNOUNCED, kind: 'notice.reminder' },
    'component.status_changed': COMPONENT_CHANGED,
  };

  it.each(Object.entries(KINDS))(
    '%s has a chat message in both languages with every placeholder filled',
    (_, event) => {
      for (const lang of ['ja', 'en'] as const) {
        const slack = slackTexts(body('slack', event, lang)).join('\n');
        const teams = cardTexts(body('teams', event, lang))
          .map((t) => t.text)
          .join('\n');
        for (const text of [slack, teams]) {
          expect(text).not.toMatch(/\{(title|noticeKind|status|component|old|new|due|lead|site)\}/);
          // Times are JST and labelled; a component change has none of its own (the chat dates the message).
          if (event.subject.type !== 'component') expect(text).toMatch(lang === 'ja' ? /日本時間/ : /JST/);
        }
      }
      expect(Object.keys(body('statuspage', event))).toHaveLength(3 + (event.subject.type === 'component' ? 1 : 0));
    },
  );

  it('an overdue update tells the operator when it was due and what to do', () => {
    const text = slackTexts(body('slack', KINDS['incident.update_overdue'])).join('\n');
    expect(text).toContain('2026年11月28日 17:00 日本時間');
    expect(text).toContain('経過報告を投稿するか');
  });

  it('a rescheduled maintenance shows its window before the change', () => {
    const text = cardTexts(body('teams', KINDS['maintenance.rescheduled'], 'en'))
      .map((t) => t.text)
      .join('\n');
    expect(text).toContain('Previously: \n9 Dec 2026, 02:00 JST – 9 Dec 2026, 04:00 JST');
  });
});
