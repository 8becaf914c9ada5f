import { describe, expect, it } from 'vitest';
import { negotiate, normalisePath } from '../../api/server/static.ts';
import type { PublishedFile } from '../../api/publish/store.ts';

const file: Pick<PublishedFile, 'gzip' | 'br'> = { br: true, gzip: true };

describe('serving published files', () => {
  it('prefers brotli, then gzip, honouring q=0', () => {
    expect(negotiate('gzip, deflate, br', file)).toBe('br');
    expect(negotiate('gzip', file)).toBe('gzip');
    expect(negotiate('br;q=0, gzip;q=0.5', file)).toBe('gzip');
    expect(negotiate('*;q=0', file)).toBe('identity');
    expect(negotiate(undefined, file)).toBe('identity');
    expect(negotiate('br', { ...file, br: false })).toBe('identity');
  });
  it('refuses paths that could escape or name another origin', () => {
    expect(normalisePath('/incidents/abc/?x=1')).toBe('/incidents/abc/');
    expect(normalisePath('/%E5%B1%A5%E6%AD%B4/')).toBe('/履歴/');
    for (const bad of ['//evil.example/', '/%2e%2e/etc/passwd', '/a/../b', '/%2F%2Fevil', '/%E0%A4%A', '/a\\b'])
      expect(normalisePath(bad), bad).toBeNull();
  });
});
