import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PackWriter } from '../../api/publish/pack-writer.ts';

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
