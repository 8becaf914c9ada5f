import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi, freePort, waitFor, waitForText } from '../support/http.ts';
import { startServer } from '../support/server.ts';

/**
 * The server starts on a test clock, a weekday morning far from a day's or a month's end, and the
 * export runs on from where the server's clock stopped: what they publish is then the same whatever
 * the machine's clock says.
 */
const PINNED = '2026-11-24T10:00:00+09:00';

/** A static server that is not ours: Python's http.server, serving the export as plain files. */
async function servePlain(dir: string): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'python3',
    ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(() => fetch(`${url}/`).then((r) => expect(r.ok).toBe(true)));
  } catch (err) {
    child.kill();
    throw new Error(`python3 -m http.server did not start: ${err}`);
  }
  return { url, stop: () => child.kill() };
}

const runExport = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [path.resolve('scripts/export.ts'), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });

/** Internal links of an HTML page (href and src), as absolute URLs on `origin`. */
function internalLinks(html: string, pageUrl: string, origins: string[], origin: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].flatMap((m) => {
    const raw = m[1]!.replaceAll('&amp;', '&');
    if (raw.startsWith('#') || /^(mailto|tel|data):/.test(raw)) return [];
    const url = new URL(raw, pageUrl);
    if (!origins.includes(url.origin)) return [];
    url.hash = '';
    return [`${origin}${url.pathname}${url.search}`];
  });
}

describe('the DR export: the public site as plain static files', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'shirase-export-'));
  const dataDir = path.join(work, 'data');
  const out = path.join(work, 'site');
  let siteUrl = '';
  let incidentId = '';
  const served = new Map<string, Buffer>();
  let plain: Awaited<ReturnType<typeof servePlain>>;

  beforeAll(async () => {
    // Shirase, on an embedded database kept on disk; an incident is posted and published.
    const server = await startServer({ DATA_DIR: dataDir }, { clock: PINNED });
    siteUrl = server.url;
    let stoppedAt = PINNED;
    try {
      incidentId = (
        await operatorApi(server.url).create('/api/v1/incidents', {
          name: '請求書の送信が遅延しています ]]> <script>x</script>',
          name_en: 'Invoice delivery is delayed',
          body: '調査しています。',
          components: {},
        })
      ).id;
      await waitForText(server.url, '/api/v2/summary.json', incidentId);
      for (const p of [
        '/api/v2/summary.json',
        '/api/v2/components.json',
        '/history.atom',
        '/en/history.rss',
        `/incidents/${incidentId}/`,
        '/badge.svg',
        '/api/v1/openapi.json',
      ])
        served.set(
          p,
          Buffer.from(
            await (await fetch(`${server.url}${p}`, { headers: { 'Accept-Encoding': 'identity' } })).arrayBuffer(),
          ),
        );
      stoppedAt = (await operatorApi(server.url).now()).toISOString();
    } finally {
      // PGlite's files take one process at a time.
      await server.stop();
    }
    const result = runExport([out], { DATA_DIR: dataDir, SITE_URL: siteUrl, SHIRASE_TEST_CLOCK: stoppedAt });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^exported \d+ files/);
    // Nothing changed since the server published: the export copies its stored output.
    expect(result.stdout).toMatch(/stored output was current, nothing was rendered/);
    plain = await servePlain(out);
  }, 180_000);
  afterAll(() => {
    plain?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes pages as directory indexes and documents under their own names, with .gz and .br beside them', () => {
    const file = (p: string) => readFileSync(path.join(out, p));
    expect(file('index.html').toString()).toContain('<html lang="ja"');
    expect(file(`en/incidents/${incidentId}/index.html`).toString()).toContain('Invoice delivery is delayed');
    expect(file('404.html').length).toBeGreaterThan(0);
    const summary = file('api/v2/summary.json');
    expect(gunzipSync(file('api/v2/summary.json.gz')).equals(summary)).toBe(true);
    expect(brotliDecompressSync(file('api/v2/summary.json.br')).equals(summary)).toBe(true);
  });

  it('holds the same bytes as Shirase served', () => {
    for (const [p, bytes] of served) {
      const local = readFileSync(path.join(out, p.endsWith('/') ? `${p}index.html` : p));
      expect(local.equals(bytes), p).toBe(true);
    }
  });

  it('has no broken internal link or asset when served by a plain static server', async () => {
    const origins = [plain.url, new URL(siteUrl).origin];
    const queue = [`${plain.url}/`, `${plain.url}/en/`];
    const seen = new Set(queue);
    const broken: string[] = [];
    let pages = 0;
    while (queue.length > 0) {
      const url = queue.shift()!;
      const res = await fetch(url);
      // Every body is read or cancelled: one left paused on a keep-alive socket the server then
      // closes trips undici's `assert(!this.paused)` (an uncaught error under a slow run).
      if (res.status !== 200) {
        broken.push(`${res.status} ${url}`);
        await res.body?.cancel();
        continue;
      }
      if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) {
        await res.body?.cancel();
        continue;
      }
      pages++;
      for (const link of internalLinks(await res.text(), res.url, origins, plain.url)) {
        if (seen.has(link)) continue;
        seen.add(link);
        queue.push(link);
      }
    }
    expect(broken).toEqual([]);
    expect(pages).toBeGreaterThan(10);
    for (const p of [
      '/history.rss',
      '/calendars/maintenance.ics',
      '/docs/api/',
      '/embed/status.html',
      '/api/v1/openapi.json',
      '/badge.svg',
    ])
      expect(seen.has(`${plain.url}${p}`), p).toBe(true);
  });

  it('refuses bad arguments and a non-empty directory with a sentence, writing nothing', () => {
    const none = runExport([], { DATA_DIR: dataDir });
    expect(none.status).not.toBe(0);
    expect(none.stderr).toContain('give the directory to write to');
    const two = runExport(['a', 'b'], { DATA_DIR: dataDir });
    expect(two.status).not.toBe(0);
    expect(two.stderr).toContain('expected one directory');
    const busy = path.join(work, 'busy');
    mkdirSync(busy, { recursive: true });
    writeFileSync(path.join(busy, 'old.html'), 'old');
    const refused = runExport([busy], { DATA_DIR: dataDir, SITE_URL: siteUrl });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is not empty');
    expect(readdirSync(busy)).toEqual(['old.html']);
  });
});
