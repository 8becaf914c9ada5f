/**
 * Bytes on the wire for the most fetched public files, with the demo catalogue: raw, and the
 * gzip and brotli variants stored at publish time (what a client that accepts them receives).
 */
import { loadConfig } from '../../api/server/config.ts';
import { startShirase } from '../../api/server/main.ts';

const FILES = [
  '/',
  '/en/',
  '/api/v2/summary.json',
  '/api/v2/status.json',
  '/history.atom',
  '/badge.svg',
  '/embed/status.html',
];

const kb = (n: number) => `${n.toLocaleString('en')} B`;

export async function benchSizes(): Promise<Array<{ name: string; value: string }>> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory',
    SITE_URL: 'https://status.example.jp',
    SEED_DEMO: 'auto',
  });
  const running = await startShirase(config, () => {});
  // It listens before its database is up: the files are there once it has published from it.
  await running.ready;
  try {
    return await Promise.all(
      FILES.map(async (path) => {
        const file = running.store.get(path);
        if (!file) throw new Error(`${path} was not published`);
        const size = async (e: 'identity' | 'gzip' | 'br') => kb((await running.store.read(file, e)).length);
        const variants =
          file.gzip && file.br
            ? ` · ${await size('gzip')} gzip · ${await size('br')} brotli`
            : ' (too small to be worth compressing)';
        return { name: path, value: `${await size('identity')} raw${variants}` };
      }),
    );
  } finally {
    await running.close();
  }
}

if (import.meta.main) for (const row of await benchSizes()) console.log(`${row.name.padEnd(24)} ${row.value}`);
