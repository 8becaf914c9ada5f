import { describe, expect, it } from 'vitest';
import { CATALOGUES, formatTime, localePath, pick, t } from '../../site/i18n/index.ts';

describe('UI catalogue', () => {
  it('has an English string for every Japanese key, none empty', () => {
    expect(Object.keys(CATALOGUES.en).sort()).toEqual(Object.keys(CATALOGUES.ja).sort());
    for (const lang of ['ja', 'en'] as const)
      for (const [k, v] of Object.entries(CATALOGUES[lang])) expect(v.trim(), `${lang} ${k}`).not.toBe('');
  });
  it('shows times in JST with the zone named', () => {
    const d = new Date('2026-11-28T15:05:00Z');
    expect(formatTime('ja', d)).toBe('2026年11月29日 00:05 日本時間');
    expect(formatTime('en', d)).toBe('29 Nov 2026, 00:05 JST');
  });
  it('maps paths between languages and falls back to Japanese text', () => {
    expect(localePath('en', '/incidents/a/')).toBe('/en/incidents/a/');
    expect(localePath('ja', '/en/incidents/a/')).toBe('/incidents/a/');
    expect(localePath('ja', '/en/')).toBe('/');
    expect(pick('en', '障害', null)).toBe('障害');
    expect(t('ja', 'history.count', { count: 3 })).toBe('3件');
  });
});
