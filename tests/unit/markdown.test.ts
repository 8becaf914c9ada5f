import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../api/core/text/markdown.ts';

describe('operator markdown', () => {
  it('keeps ordinary formatting and safe links', () => {
    const html = renderMarkdown('**復旧**しました。詳細は [こちら](https://example.jp/a?b=1) を参照。\n- 一\n- 二');
    expect(html).toContain('<strong>復旧</strong>');
    expect(html).toContain('<a href="https://example.jp/a?b=1" rel="nofollow noopener">こちら</a>');
    expect(html).toContain('<li>一</li>');
  });
  it('shows raw HTML as text and never keeps event handlers or scripts', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> <script>alert(1)</script> <svg onload=alert(1)>');
    expect(html).not.toMatch(/<(img|script|svg)/i);
    expect(html).toContain('&lt;script&gt;');
  });
  it('drops javascript: and data: link targets', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>']) {
      const html = renderMarkdown(`[x](${href})`);
      expect(html, href).not.toMatch(/href="(javascript|data):/i);
    }
  });
  it('leaves template syntax literal', () => {
    expect(renderMarkdown('{{7*7}}')).toBe('<p>{{7*7}}</p>\n');
    expect(renderMarkdown('${7*7}')).toBe('<p>${7*7}</p>\n');
    expect(renderMarkdown('<%= 7*7 %>')).toBe('<p>&lt;%= 7*7 %&gt;</p>\n');
    expect(renderMarkdown('{% raw %} @php')).toBe('<p>{% raw %} @php</p>\n');
  });
});
