import { describe, expect, it } from 'vitest';
import { MAX_NESTING, nestsTooDeeply, renderMarkdown } from '../../api/core/text/markdown.ts';

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
  it('shows a link whose unsafe target was removed as its words alone, not as a link going nowhere', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x']) {
      const html = renderMarkdown(`[詳細](${href}) と [こちら](https://example.jp/) を参照`);
      expect(html, href).toBe(
        '<p>詳細 と <a href="https://example.jp/" rel="nofollow noopener">こちら</a> を参照</p>\n',
      );
    }
  });
  it('leaves template syntax literal', () => {
    expect(renderMarkdown('{{7*7}}')).toBe('<p>{{7*7}}</p>\n');
    expect(renderMarkdown('${7*7}')).toBe('<p>${7*7}</p>\n');
    expect(renderMarkdown('<%= 7*7 %>')).toBe('<p>&lt;%= 7*7 %&gt;</p>\n');
    expect(renderMarkdown('{% raw %} @php')).toBe('<p>{% raw %} @php</p>\n');
  });
});

describe('operator markdown nesting', () => {
  const count = (html: string, tag: string) => html.split(`<${tag}>`).length - 1;
  /** Each is within the 20,000-character body limit and once overflowed marked's stack or took seconds. */
  const absurd = {
    quotes: `${'>'.repeat(19_990)} 引用`,
    'spaced quotes': `${'> '.repeat(9_990)}引用`,
    'ordered list': `${'1. '.repeat(6_600)}項目`,
    'bullet list': `${'- '.repeat(9_990)}項目`,
    'quotes in lists': `${'> - '.repeat(4_990)}項目`,
    emphasis: `${'*'.repeat(9_990)}強調${'*'.repeat(9_990)}`,
    underscores: `${'_'.repeat(9_990)}強調${'_'.repeat(9_990)}`,
    'emphasised words': `${'*a _'.repeat(2_490)}強調${'_ a*'.repeat(2_490)}`,
    strikethrough: `${'~~a '.repeat(2_490)}取消${' a~~'.repeat(2_490)}`,
  };

  for (const [name, text] of Object.entries(absurd)) {
    it(`renders ${name} nested to the body limit, formatting ${MAX_NESTING} levels and showing the rest as typed`, () => {
      expect(text.length).toBeLessThanOrEqual(20_000);
      const html = renderMarkdown(text);
      expect(html).toMatch(/引用|項目|強調|取消/);
      for (const tag of ['blockquote', 'ol', 'ul', 'em', 'strong', 'del'])
        expect(count(html, tag), tag).toBeLessThanOrEqual(MAX_NESTING);
      expect(nestsTooDeeply(text)).toBe(true);
    });
  }

  it('formats nesting up to the bound exactly as before', () => {
    const quotes = renderMarkdown(`${'>'.repeat(MAX_NESTING)} 引用`);
    expect(count(quotes, 'blockquote')).toBe(MAX_NESTING);
    expect(quotes).toContain('<p>引用</p>');
    expect(nestsTooDeeply(`${'>'.repeat(MAX_NESTING)} 引用`)).toBe(false);
    expect(renderMarkdown('> 影響\n> > - **請求書**: *遅延*')).toContain(
      '<blockquote>\n<p>影響</p>\n<blockquote>\n<ul>\n<li><strong>請求書</strong>: <em>遅延</em></li>',
    );
  });

  it('shows the quote markers beyond the bound as text, escaped', () => {
    const html = renderMarkdown(`${'>'.repeat(MAX_NESTING + 3)} 引用 <b>x</b>`);
    expect(count(html, 'blockquote')).toBe(MAX_NESTING);
    expect(html).toContain('&gt;&gt;&gt; 引用 &lt;b&gt;x&lt;/b&gt;');
  });

  it('says a text nests too deeply only past the bound', () => {
    expect(nestsTooDeeply(`${'>'.repeat(MAX_NESTING + 1)} 引用`)).toBe(true);
    expect(nestsTooDeeply(`${'1. '.repeat(MAX_NESTING + 1)}項目`)).toBe(true);
    expect(nestsTooDeeply('>>>>>>> 競合マーカー\n```\n>>>>>>>>>>>>>>>>>>>>>>>>>>>\n```')).toBe(false);
    expect(nestsTooDeeply('**復旧**しました。> 引用ではない')).toBe(false);
  });
});
