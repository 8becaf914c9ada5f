import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../api/publish/store.ts';
import { html } from '../support/store-files.ts';

const NOW = new Date('2026-11-24T01:00:00Z');
const LATER = new Date('2026-11-24T02:00:00Z');

const dirs: string[] = [];
const opened: FileStore[] = [];
function freshDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-store-'));
  dirs.push(dir);
  return path.join(dir, 'site');
}
async function open(dir: string, hotBytes = 1024 * 1024) {
  const store = await FileStore.open({ dir, hotBytes });
  opened.push(store);
  return store;
}
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The pack files under the store (each stage's objects, identity, .gz and .br, in one file). */
const packFiles = (dir: string) =>
  existsSync(path.join(dir, 'packs')) ? readdirSync(path.join(dir, 'packs')).sort() : [];
/** The packs the manifests on disk name. */
const namedPacks = (dir: string) =>
  new Set(
    readdirSync(path.join(dir, 'generations'))
      .filter((n) => /^\d{12}\.json$/.test(n))
      .flatMap((n) => {
        const { objects } = JSON.parse(readFileSync(path.join(dir, 'generations', n), 'utf8'));
        return Object.values(objects as Record<string, [string]>).map(([pack]) => `${pack}.pack`);
      }),
  );

describe('the published output on disk', () => {
  it('a restart serves the last published output, bytes, ETag and date, with no database', async () => {
    const dir = freshDir();
    const first = await open(dir);
    const home = `<h1>home</h1>${'x'.repeat(2000)}`;
    await first.commit([html('/', home), html('/en/', 'english')], NOW, [], { fingerprint: 'f1' });
    const etag = first.get('/')!.etag;
    await first.close();

    const second = await open(dir);
    const file = second.get('/');
    expect(file?.etag).toBe(etag);
    expect(file?.lastModified).toEqual(NOW);
    expect((await second.read(file!, 'identity')).toString()).toBe(home);
    expect(gunzipSync(await second.read(file!, 'gzip')).toString()).toBe(home);
    expect(second.paths()).toEqual(['/', '/en/']);
    expect(second.generation()?.meta).toEqual({ fingerprint: 'f1' });
  });

  it('serves a new generation before its manifest is written and synced, and a restart then finds it on disk', async () => {
    const dir = freshDir();
    const store = await open(dir);
    await store.commit([html('/', 'old home')], NOW);
    const manifests = () => readdirSync(path.join(dir, 'generations')).filter((n) => n.endsWith('.json'));
    const before = manifests();
    let onDiskWhenServed: string[] | null = null;
    store.onInstalled(() => {
      onDiskWhenServed = manifests();
    });
    await store.commit([html('/', 'new home')], LATER);
    // The serving side was told of the new generation while the disk still named only the old one.
    expect(onDiskWhenServed).toEqual(before);
    await store.close();
    const again = await open(dir);
    expect((await again.read(again.get('/')!, 'identity')).toString()).toBe('new home');
  });

  it('writes a manifest whose write failed with the next commit, even when nothing else changed', async () => {
    const dir = freshDir();
    const store = await open(dir);
    await store.commit([html('/', 'old home')], NOW);
    // The folder of manifests replaced by a file: the next manifest cannot be written.
    const generations = path.join(dir, 'generations');
    const kept = readdirSync(generations).map((n) => [n, readFileSync(path.join(generations, n))] as const);
    rmSync(generations, { recursive: true });
    writeFileSync(generations, 'not a folder');
    await expect(store.commit([html('/', 'new home')], LATER)).rejects.toThrow(/ENOTDIR/);
    // Readers already have the new bytes; the disk still names the old generation.
    expect((await store.read(store.get('/')!, 'identity')).toString()).toBe('new home');
    rmSync(generations);
    mkdirSync(generations);
    for (const [n, bytes] of kept) writeFileSync(path.join(generations, n), bytes);
    expect(await store.commit([html('/', 'new home')], LATER)).toEqual([]);
    await store.close();
    const again = await open(dir);
    expect((await again.read(again.get('/')!, 'identity')).toString()).toBe('new home');
  });

  it('keeps the first Last-Modified of unchanged bytes across a restart, and writes no new generation for them', async () => {
    const dir = freshDir();
    const first = await open(dir);
    await first.commit([html('/', 'same')], NOW, [], { fingerprint: 'f1' });
    const id = first.generation()!.id;
    await first.close();
    const second = await open(dir);
    expect(await second.commit([html('/', 'same')], LATER, [], { fingerprint: 'f1' })).toEqual([]);
    expect(second.get('/')?.lastModified).toEqual(NOW);
    expect(second.generation()?.id).toBe(id);
    expect(await second.commit([html('/', 'changed')], LATER)).toEqual(['/']);
    expect(second.get('/')?.lastModified).toEqual(LATER);
  });

  it('a commit killed after writing its objects, before its manifest, leaves the old generation whole', async () => {
    const dir = freshDir();
    const child = spawn(process.execPath, [path.resolve('tests/fixtures/commit-then-hang.ts'), dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('objects written') && resolve());
      child.once('exit', () => reject(new Error(`the child ended before its second commit: ${stderr}`)));
    });
    // While it lives, the folder is its own: another process is refused with a sentence.
    await expect(FileStore.open({ dir, hotBytes: 1024 * 1024 })).rejects.toThrow(
      `${dir} is in use by process ${child.pid} on`,
    );
    await expect(FileStore.open({ dir, hotBytes: 1024 * 1024 })).rejects.toThrow(
      /the published site takes one process at a time/,
    );
    // A reader of it (the export beside a running server) sees its last whole generation and writes nothing.
    const reader = await FileStore.openReadOnly(dir);
    expect(reader.paths()).toEqual(['/', '/a/']);
    expect((await reader.read(reader.get('/a/')!, 'identity')).toString()).toBe('old a');
    await expect(reader.commit([html('/', 'x')], LATER)).rejects.toThrow(/only reads it/);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(packFiles(dir).length, 'the second commit had written its objects').toBe(2);
    expect(namedPacks(dir).size, 'and they are named by no manifest').toBe(1);
    // A manifest cut short by the kill, left beside the others: never read as a generation.
    writeFileSync(path.join(dir, 'generations', '000000000002.json.dead.tmp'), '{"id":');

    const store = await open(dir);
    expect(store.paths()).toEqual(['/', '/a/']);
    expect((await store.read(store.get('/')!, 'identity')).toString()).toMatch(/^old home/);
    expect((await store.read(store.get('/a/')!, 'identity')).toString()).toBe('old a');
    // The new generation's objects were on disk, named by no manifest: the next commit removes them.
    await store.commit([html('/c/', 'c')], LATER);
    expect(packFiles(dir).filter((n) => !namedPacks(dir).has(n))).toEqual([]);
    expect(packFiles(dir)).toHaveLength(2);
    expect(readdirSync(path.join(dir, 'generations')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the previous generation readable until the next commit, then removes what no generation names', async () => {
    const dir = freshDir();
    const store = await open(dir);
    await store.commit([html('/', `one ${'1'.repeat(300)}`)], NOW);
    const one = store.get('/')!;
    await store.commit([html('/', `two ${'2'.repeat(300)}`)], LATER);
    // A reader that picked up generation one just before the swap still gets its bytes.
    expect((await store.read(one, 'br')).length).toBeGreaterThan(0);
    await store.commit([html('/', `three ${'3'.repeat(300)}`)], LATER);
    await expect(store.read(one, 'identity')).rejects.toThrow(/ENOENT/);
    expect(packFiles(dir), "generation one's pack is gone").toHaveLength(2);
    expect(packFiles(dir)).toEqual([...namedPacks(dir)].sort());
  });

  it('holds no more than its budget in memory while serving many files, and keeps the home page hot', async () => {
    const dir = freshDir();
    const budget = 1024 * 1024;
    const store = await open(dir, budget);
    // 300 files of ~20 KB that barely compress: ~18 MB with their variants, 18 times the budget.
    const inputs = Array.from({ length: 300 }, (_, i) =>
      html(`/incidents/${i}/`, randomBytes(15_000).toString('base64')),
    );
    await store.commit([html('/', randomBytes(15_000).toString('base64')), ...inputs], NOW);
    expect(store.hotBytes()).toBeLessThanOrEqual(budget);
    for (const round of [1, 2])
      for (const input of inputs)
        for (const encoding of ['identity', 'gzip', 'br'] as const) {
          const file = store.get(input.path)!;
          expect((await store.read(file, encoding)).length, `${input.path} ${encoding} round ${round}`).toBeGreaterThan(
            0,
          );
          expect(store.hotBytes()).toBeLessThanOrEqual(budget);
        }
    expect(store.peek('/', 'br'), 'the home page stays in memory however many others are read').toBeDefined();
  });

  it('another instance adopts a generation with the same bytes, ETags and dates, fetching only the objects it lacks', async () => {
    const publisher = await open(freshDir());
    const follower = await open(freshDir());
    const shared: Array<Parameters<Parameters<FileStore['onCommitted']>[0]>> = [];
    publisher.onCommitted((gen, objects) => {
      shared.push([gen, objects]);
    });
    await publisher.commit([html('/', `home ${'h'.repeat(500)}`), html('/a/', 'a')], NOW);
    await publisher.commit([html('/', `home ${'h'.repeat(500)}`), html('/a/', 'a, edited')], LATER);
    await publisher.settled();
    const fetched: string[][] = [];
    for (const [gen, objects] of shared)
      await follower.adopt(gen, async (hashes) => {
        fetched.push(hashes);
        return new Map(await Promise.all(hashes.map(async (h) => [h, await objects(h)] as const)));
      });
    expect(
      fetched.map((h) => h.length),
      'the second generation shares the home page with the first',
    ).toEqual([2, 1]);
    expect(follower.generation()?.id).toBe(publisher.generation()?.id);
    for (const p of ['/', '/a/']) {
      expect(follower.get(p)?.etag).toBe(publisher.get(p)?.etag);
      expect(follower.get(p)?.lastModified).toEqual(publisher.get(p)?.lastModified);
      expect(await follower.read(follower.get(p)!, 'identity')).toEqual(
        await publisher.read(publisher.get(p)!, 'identity'),
      );
    }
    expect(await follower.read(follower.get('/')!, 'br')).toEqual(await publisher.read(publisher.get('/')!, 'br'));
  });

  it('a commit is served before its listeners (the cluster upload) end, and they run in commit order', async () => {
    const store = await open(freshDir());
    const seen: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    store.onCommitted(async (gen) => {
      seen.push(gen.files.map((f) => f.path).join(','));
      if (seen.length === 1) await held;
    });
    await store.commit([html('/', 'one')], NOW);
    expect(store.get('/'), 'the commit returned while its listener is still waiting').toBeDefined();
    const second = store.commit([html('/', 'one'), html('/b/', 'two')], LATER);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.get('/b/'), "the next commit waits for the first one's listener").toBeUndefined();
    release();
    await second;
    await store.settled();
    expect(seen).toEqual(['/', '/,/b/']);
  });

  it('an adoption whose objects cannot all be fetched changes nothing, and leaves no object behind', async () => {
    const publisher = await open(freshDir());
    const followerDir = freshDir();
    const follower = await open(followerDir);
    await follower.commit([html('/', 'old')], NOW);
    await publisher.commit([html('/', 'new'), html('/b/', 'b')], LATER);
    const onlyOne = async (hashes: string[]) =>
      new Map([
        [
          hashes[0]!,
          { identity: await publisher.read({ hash: hashes[0]!, path: '' }, 'identity'), gzip: null, br: null },
        ],
      ]);
    await expect(follower.adopt(publisher.generation()!, onlyOne)).rejects.toThrow(/1 object\(s\) were not fetched/);
    expect(packFiles(followerDir)).toHaveLength(1);
    expect(follower.paths()).toEqual(['/']);
    expect((await follower.read(follower.get('/')!, 'identity')).toString()).toBe('old');
  });

  it('refuses a second open of the same folder while the first holds it', async () => {
    const dir = freshDir();
    await open(dir);
    await expect(FileStore.open({ dir, hotBytes: 1024 * 1024 })).rejects.toThrow(/already open in this process/);
  });
});
