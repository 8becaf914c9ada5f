import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../api/core/errors.ts';
import { parseInput } from '../../api/core/input/common.ts';
import { createIncidentInput } from '../../api/core/input/incidents.ts';

function fieldsOf(input: unknown): string[] {
  try {
    parseInput(createIncidentInput, input);
    return [];
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return err.issues.map((i) => i.field);
  }
}

describe('incident input validation', () => {
  it('accepts the minimal Statuspage-style body and fills defaults', () => {
    const parsed = parseInput(createIncidentInput, { name: ' 障害 ', body: '調査中' });
    expect(parsed).toMatchObject({ name: '障害', status: 'investigating', components: {} });
    expect(parsed.detected_at).toBeUndefined();
  });
  it('needs an explicit offset on detected_at, since a bare local time is ambiguous', () => {
    expect(fieldsOf({ name: 'a', body: 'b', detected_at: '2026-11-28T09:00:00' })).toEqual(['detected_at']);
    expect(
      parseInput(createIncidentInput, { name: 'a', body: 'b', detected_at: '2026-11-28T09:00:00+09:00' }).detected_at,
    ).toEqual(new Date('2026-11-28T00:00:00Z'));
  });
  it('names every wrong field at once', () => {
    expect(
      fieldsOf({ name: '', body: '', status: 'fixed', impact: 'huge', components: { abc: 'down' } }).sort(),
    ).toEqual(['body', 'components.abc', 'impact', 'name', 'status']);
  });
  it('refuses unknown keys instead of ignoring them', () => {
    expect(fieldsOf({ name: 'a', body: 'b', impact_override: 'major' })).toEqual(['(body)']);
  });
  it('refuses titles over 200 characters and control characters', () => {
    expect(fieldsOf({ name: 'あ'.repeat(201), body: 'b' })).toEqual(['name']);
    expect(fieldsOf({ name: 'a\u0007', body: 'b' })).toEqual(['name']);
    expect(fieldsOf({ name: 'a', body: 'line one\nline two\ttabbed' })).toEqual([]);
  });
  it('accepts instants from 2000-01-01 up to the end of 2099 and refuses the rest', () => {
    expect(fieldsOf({ name: 'a', body: 'b', detected_at: '2000-01-01T00:00:00Z' })).toEqual([]);
    expect(fieldsOf({ name: 'a', body: 'b', detected_at: '2099-12-31T23:59:59Z' })).toEqual([]);
    for (const at of ['1999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '0049-01-01T00:00:00Z'])
      expect(fieldsOf({ name: 'a', body: 'b', detected_at: at }), at).toEqual(['detected_at']);
    expect(fieldsOf({ name: 'a', body: 'b', detected_at: '2026-02-31T00:00:00Z' })).toEqual(['detected_at']);
  });
  it('needs visible text in a title and a body, and refuses bidi controls but not marks', () => {
    expect(fieldsOf({ name: '\u200B\u2060', body: '\uFEFF' }).sort()).toEqual(['body', 'name']);
    expect(fieldsOf({ name: 'a\u202Eb', body: 'c\u2067d' }).sort()).toEqual(['body', 'name']);
    expect(fieldsOf({ name: 'a\u200Fb', body: 'c\u200Dd' })).toEqual([]);
  });
  it('names a __proto__ key, which would otherwise be dropped without a word', () => {
    expect(fieldsOf(JSON.parse('{"name":"a","body":"b","components":{"__proto__":"major_outage"}}'))).toEqual([
      'components.__proto__',
    ]);
  });
});
