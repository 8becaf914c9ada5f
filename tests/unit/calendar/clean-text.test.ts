import { describe, expect, it } from 'vitest';
import { cleanText, singleLine } from '../../../api/publish/formats/calendar/index.ts';

describe('text cleaned for calendars and feeds', () => {
  it('drops the XML-illegal control characters and keeps tabs and line breaks in bodies', () => {
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    expect(cleanText(`a${controls}b\u007f`)).toBe('a\t\n\nb');
  });

  it('normalises CRLF and CR to LF', () => {
    expect(cleanText('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
  });

  it('replaces a lone surrogate instead of producing invalid UTF-8', () => {
    expect(cleanText('a\ud800b')).toBe('a\ufffdb');
  });

  it('turns line breaks into single spaces in one-line fields', () => {
    expect(singleLine(' 件名\r\n\r\nBcc: x@example.com\t ')).toBe('件名 Bcc: x@example.com');
  });
});
