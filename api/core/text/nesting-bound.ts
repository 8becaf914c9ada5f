import { type MarkedExtension, Tokenizer, type TokenizerObject } from 'marked';

/**
 * How deep quotes and lists may sit in one another, and emphasis, strikethrough and links. Each
 * level costs marked (and the page render around it) a few stack frames and a rescan of the rest of
 * the text: unbounded, ~2,500 nested `>` overflowed the stack inside a page render and stopped
 * publishing for good (issue 8), and ~1,000 nested `*a ` took half a second. No status text needs
 * more than a handful of levels.
 */
export const MAX_NESTING = 16;

type Level = 'block' | 'inline';

/**
 * A marked extension that counts how deep the lexer is and, at `MAX_NESTING`, declines to open one
 * more container: marked then reads those characters as ordinary text, which the renderer escapes.
 * So any text renders, in bounded stack and time, and what lies beyond the bound is shown as typed.
 * marked lexes synchronously, so one counter per level serves every parse of the instance.
 */
export function nestingBound(): { extension: MarkedExtension; lex: (run: () => unknown) => boolean } {
  const depth: Record<Level, number> = { block: 0, inline: 0 };
  let overflowed = false;

  function bounded<A extends [string, ...unknown[]], T>(
    level: Level,
    original: (this: Tokenizer, ...args: A) => T,
    opens: (tokenizer: Tokenizer, src: string) => boolean,
  ) {
    return function (this: Tokenizer, ...args: A): T | undefined {
      if (depth[level] >= MAX_NESTING) {
        if (opens(this, args[0])) overflowed = true;
        return undefined;
      }
      depth[level]++;
      try {
        return original.apply(this, args);
      } finally {
        depth[level]--;
      }
    };
  }

  const proto = Tokenizer.prototype;
  const tokenizer: TokenizerObject = {
    blockquote: bounded('block', proto.blockquote, (t, src) => t.rules.block.blockquote.test(src)),
    list: bounded('block', proto.list, (t, src) => t.rules.block.list.test(src)),
    emStrong: bounded('inline', proto.emStrong, (t, src) => t.rules.inline.emStrongLDelim.test(src)),
    del: bounded('inline', proto.del, (t, src) => t.rules.inline.delLDelim.test(src)),
    link: bounded('inline', proto.link, (t, src) => t.rules.inline.link.test(src)),
    reflink: bounded('inline', proto.reflink, (t, src) => t.rules.inline.reflink.test(src)),
  };

  return {
    extension: { tokenizer },
    /** Runs one parse and says whether it met nesting beyond the bound. */
    lex(run) {
      overflowed = false;
      run();
      return overflowed;
    },
  };
}
