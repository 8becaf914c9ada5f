import type { FileInput } from '../../api/publish/store.ts';

/** An HTML file to commit to a FileStore, its body the text given. */
export const html = (p: string, text: string): FileInput => ({
  path: p,
  contentType: 'text/html; charset=utf-8',
  body: Buffer.from(text),
});
