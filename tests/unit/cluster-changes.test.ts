import { describe, expect, it } from 'vitest';
import { decodeChange, encodeChange } from '../../api/server/cluster-changes.ts';

describe('changes handed to the publishing instance', () => {
  it('arrive as the change that was made', () => {
    for (const change of [
      { kind: 'incident', id: 'inc_1' },
      { kind: 'component', id: 'c' },
      { kind: 'clock' },
    ] as const)
      expect(decodeChange(encodeChange(change))).toEqual(change);
  });

  it('that would not fit a NOTIFY payload (8000 bytes) ask for a full publish instead of failing', () => {
    const payload = encodeChange({ kind: 'incident', id: 'x'.repeat(8000) });
    expect(payload).toBe('all');
  });

  it('that the publisher cannot read (another version, damaged) ask for a full publish', () => {
    expect(decodeChange('{"kind":"incident"}')).toBe('all');
    expect(decodeChange('{"kind":"rename","id":"x"}')).toBe('all');
    expect(decodeChange('not json')).toBe('all');
  });
});
