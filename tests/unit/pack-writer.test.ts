import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompressThread } from '../../api/publish/compress-thread.ts';
import { encodeVariants } from '../../api/publish/object-codec.ts';
import { POOL_FILES, PackWriter } from '../../api/publish/pack-writer.ts';

const html = (text: string) => Buffer.from(`<!doctype html><p>${text}</p>`);

describe('the render thread’s pack writer', () => {
  it('goes on appending to its stage’s pack after the thread idled and closed it, keeping what it wrote before', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'shirase-pack-writer-')), 'packs', 'stage.pack');
    const writer = new PackWriter();
    const target = { stage: 1, file, known: [], keepsHot: false };
    const first = await writer.store(target, '/a/', 'text/html', html('a'), true);
    // What the thread does when it has been idle a while (render-worker.ts, `collect`).
    writer.close();
    const second = await writer.store({ ...target, known: undefined }, '/b/', 'text/html', html('b'), true);
    const pack = readFileSync(file);
    for (const [{ stored }, text] of [
      [first, 'a'],
      [second, 'b'],
    ] as const) {
      const [name, offset, length] = stored.location!;
      expect(name).toBe('stage');
      expect(pack.subarray(offset, offset + length).toString()).toBe(html(text).toString());
    }
    writer.close();
  });
});

describe('compressing a whole site’s files on their own thread', () => {
  const page = (n: number) =>
    Buffer.from(
      `<!doctype html><title>障害 ${n}</title>${'<p>インシデントの経過 incident timeline</p>'.repeat(40 + n)}`,
    );

  it('makes the very bytes the pool makes, for a page and a document, and gives the body back whole', async () => {
    const thread = new CompressThread(null);
    const body = page(1);
    const expected = await encodeVariants(body, 'text/html; charset=utf-8');
    // A page's body is moved to the thread and back; a document's (not ours) is copied, and stays usable here.
    const moved = await thread.encode(Buffer.from(body), 'text/html; charset=utf-8', true);
    const doc = Buffer.from(JSON.stringify({ page: { name: '知らせ' }, text: 'x'.repeat(600) }));
    const copied = await thread.encode(doc, 'application/json', false);
    expect(moved.identity.equals(body)).toBe(true);
    expect(moved.gzip!.equals(expected.gzip!)).toBe(true);
    expect(moved.br!.equals(expected.br!)).toBe(true);
    expect(doc.length).toBeGreaterThan(600);
    expect(gunzipSync(copied.gzip!).equals(doc)).toBe(true);
    expect(brotliDecompressSync(copied.br!).equals(doc)).toBe(true);
  });

  it('past its first files, a stage’s objects still hold each body and its two variants in the pack', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'shirase-pack-writer-')), 'packs', 'stage.pack');
    const writer = new PackWriter();
    const target = { stage: 7, file, known: [], keepsHot: false };
    const count = POOL_FILES + 6;
    const stored = await Promise.all(
      Array.from({ length: count }, (_, n) =>
        writer.store(
          n === 0 ? target : { ...target, known: undefined },
          `/incidents/${n}/`,
          'text/html',
          page(n),
          true,
        ),
      ),
    );
    writer.close();
    const pack = readFileSync(file);
    for (const [n, { stored: s }] of stored.entries()) {
      const [, offset, identity, gzip, br] = s.location!;
      const body = pack.subarray(offset, offset + identity);
      expect(body.equals(page(n)), `the body of file ${n}`).toBe(true);
      expect(gunzipSync(pack.subarray(offset + identity, offset + identity + gzip)).equals(page(n))).toBe(true);
      const brStart = offset + identity + gzip;
      expect(brotliDecompressSync(pack.subarray(brStart, brStart + br)).equals(page(n))).toBe(true);
    }
  });

  it('rejects what was asked of a thread that died, and starts a new one for the next file', async () => {
    const thread = new CompressThread(null);
    await thread.encode(page(1), 'text/html', false);
    const worker = (thread as unknown as { worker: import('node:worker_threads').Worker }).worker;
    const lost = thread.encode(page(2), 'text/html', false);
    await worker.terminate();
    await expect(lost).rejects.toThrow(/compressing thread exited/);
    const again = await thread.encode(page(3), 'text/html', false);
    expect(brotliDecompressSync(again.br!).equals(page(3))).toBe(true);
  });
});
