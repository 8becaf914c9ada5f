import type { Token, Tokens } from 'marked';

/** Link targets the HTML keeps (markdown.ts allows these schemes); any other is dropped from text too. */
const SHOWN_LINK = /^(https?:|mailto:)/i;

function inline(tokens: readonly Token[] | undefined): string {
  return (tokens ?? []).map(inlineToken).join('');
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'br':
      return '\n';
    case 'link': {
      const { href, tokens } = token as Tokens.Link;
      const label = inline(tokens);
      return SHOWN_LINK.test(href) && href !== label ? `${label} (${href})` : label;
    }
    case 'image':
      return (token as Tokens.Image).text;
    case 'strong':
    case 'em':
    case 'del':
      return inline((token as Tokens.Strong).tokens);
    case 'text':
      return 'tokens' in token && token.tokens ? inline(token.tokens) : (token as Tokens.Text).text;
    default:
      // codespan, escape and inline html: the characters as typed (the HTML shows them escaped).
      return 'text' in token ? String(token.text) : '';
  }
}

function block(token: Token): string {
  switch (token.type) {
    case 'space':
    case 'def':
      return '';
    case 'hr':
      return '---';
    case 'code':
      return (token as Tokens.Code).text;
    case 'blockquote':
      return blocks((token as Tokens.Blockquote).tokens)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'list': {
      const list = token as Tokens.List;
      const start = Number(list.start) || 1;
      return list.items
        .map((item, n) => `${list.ordered ? `${start + n}.` : '-'} ${blocks(item.tokens).replaceAll('\n', '\n  ')}`)
        .join('\n');
    }
    case 'table': {
      const table = token as Tokens.Table;
      return [table.header, ...table.rows].map((row) => row.map((cell) => inline(cell.tokens)).join(' | ')).join('\n');
    }
    case 'heading':
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens);
    default:
      return inlineToken(token);
  }
}

function blocks(tokens: readonly Token[]): string {
  return tokens
    .map(block)
    .filter((text) => text !== '')
    .join('\n\n');
}

/**
 * What a reader of the rendered markdown sees, as plain text: no `**` or `##`, a link as its words
 * (and its address when the HTML would keep it), raw HTML as the characters typed. For formats that
 * want text, not markup (JSON Feed `content_text` and `summary`). Depth is bounded by the lexer's
 * nesting bound, so the recursion is too.
 */
export function tokensToText(tokens: readonly Token[]): string {
  return blocks(tokens).trim();
}
