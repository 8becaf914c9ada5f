import { describe, expect, it } from 'vitest';
import { exportPath } from '../../api/publish/export-files.ts';

describe('where a published path is written in the static copy', () => {
  it('writes pages as directory indexes and other files under their own names', () => {
    expect(exportPath('/')).toBe('index.html');
    expect(exportPath('/en/incidents/abc/')).toBe('en/incidents/abc/index.html');
    expect(exportPath('/api/v2/summary.json')).toBe('api/v2/summary.json');
    expect(exportPath('/404.html')).toBe('404.html');
    expect(exportPath('/履歴/')).toBe('履歴/index.html');
  });
  it('refuses any path that could leave the directory', () => {
    for (const bad of ['/../etc/passwd', '/a/../../b', 'relative', '//double', '/a\\b', '/a/./b', '/nul\0'])
      expect(exportPath(bad), bad).toBeNull();
  });
});
