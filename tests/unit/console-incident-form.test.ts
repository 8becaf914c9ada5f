import { describe, expect, it } from 'vitest';
import {
  applyTemplate,
  createIncidentBody,
  postUpdateBody,
  readIncidentForm,
} from '../../api/console/pages/incidents-form.ts';
import { defaultNextUpdate, fromJstInput, toJstInput } from '../../api/console/pages/incidents-time.ts';

describe('the console’s JST date-time fields', () => {
  it('shows an instant as the JST wall clock, across the date line and the year end', () => {
    expect(toJstInput(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01T00:00');
    expect(toJstInput(new Date('2026-11-28T14:59:59.999Z'))).toBe('2026-11-28T23:59');
    expect(toJstInput(new Date('2028-02-28T15:30:00Z'))).toBe('2028-02-29T00:30');
  });

  it('reads a typed wall clock as JST, whatever zone the process runs in', () => {
    expect(fromJstInput('2027-01-01T00:00')).toBe('2027-01-01T00:00:00.000+09:00');
    expect(new Date(fromJstInput('2027-01-01T00:00')!).toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(fromJstInput('2026-03-08T02:30')).toBe('2026-03-08T02:30:00.000+09:00');
    expect(fromJstInput('2026-11-28T10:15:30')).toBe('2026-11-28T10:15:30.000+09:00');
  });

  it('refuses what is not a wall clock or names no real time', () => {
    for (const bad of [
      '2026-02-30T10:00',
      '2026-11-28 10:00',
      '2026-11-28T10:00Z',
      '2026-11-28T10:00+01:00',
      'soon',
      '',
    ]) {
      expect(fromJstInput(bad), bad).toBeNull();
    }
  });

  it('offers the configured interval from now, to the minute, so the default promise is never beyond it', () => {
    expect(defaultNextUpdate(new Date('2026-11-28T01:00:42Z'), 30)).toBe('2026-11-28T10:30');
    expect(defaultNextUpdate(new Date('2026-12-31T14:45:00Z'), 30)).toBe('2027-01-01T00:15');
  });
});

describe('the incident form as the API’s body', () => {
  const form = {
    name: ' 請求書の送信遅延 ',
    name_en: '',
    body: '調査中です。',
    body_en: 'Investigating.',
    status: 'investigating',
    impact: '',
    next_update_at: '2026-11-28T10:30',
    'components.a': 'partial_outage',
    'components.b': '',
    'components.unknown': 'major_outage',
  };

  it('keeps the services given a status and leaves the impact and empty translations to the API', () => {
    const values = readIncidentForm(form, ['a', 'b']);
    const { input, issues } = createIncidentBody(values);
    expect(issues).toEqual([]);
    expect(input).toEqual({
      name: ' 請求書の送信遅延 ',
      name_en: undefined,
      status: 'investigating',
      body: '調査中です。',
      body_en: 'Investigating.',
      impact: undefined,
      components: { a: 'partial_outage' },
      next_update_at: '2026-11-28T10:30:00.000+09:00',
    });
  });

  it('names the next-update field when its time cannot be read, keeping the typed values', () => {
    const values = readIncidentForm({ ...form, next_update_at: '2026-13-01T10:00' }, ['a']);
    const { issues } = postUpdateBody(values);
    expect(issues.map((i) => i.field)).toEqual(['next_update_at']);
    expect(issues[0]!.texts!.en).toMatch(/date and time/);
    expect(values.next_update_at).toBe('2026-13-01T10:00');
  });

  it('sends no next update with a post that resolves the incident, though the field comes filled in', () => {
    const values = readIncidentForm({ ...form, status: 'resolved', next_update_at: 'not even a time' }, ['a']);
    const { input, issues } = postUpdateBody(values);
    expect(issues).toEqual([]);
    expect(input.next_update_at).toBeUndefined();
  });

  it('fills both languages’ texts and the status from a template, leaving the title and services as they were', () => {
    const values = applyTemplate(readIncidentForm(form, ['a']), 'resolved');
    expect(values.status).toBe('resolved');
    expect(values.body).toMatch(/復旧/);
    expect(values.body_en).toMatch(/recovered/);
    expect(values.name).toBe(form.name);
    expect(values.components).toEqual({ a: 'partial_outage' });
  });
});
