import { createServer, request as httpRequest, type Server } from 'node:http';
import type { SiteModel } from '../../api/core/model.ts';
import type { SiteSettings } from '../../api/core/settings.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { siteContent } from '../../api/server/site-publisher.ts';
import { serveStatic } from '../../api/server/static.ts';
import { publishLimits, settingsFrom } from './settings.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * The production publishing and serving path without a database: the publisher renders every page
 * and document of `model` (the built site is needed: `astro build`) into a file store, with the
 * same page data as the server, and `serveStatic` answers from it on a real socket, exactly as `api/server/main.ts` wires it.
 */
export async function publishAndServe(options: { model: () => SiteModel; now: () => Date; settings?: SiteSettings }) {
  const settings = options.settings ?? settingsFrom();
  const { siteUrl } = settings;
  const store = new FileStore();
  const publisher = createPublisher({
    limits: publishLimits,
    loadModel: async () => options.model(),
    render: await loadAstroRenderer(),
    store,
    now: options.now,
    ...siteContent(settings),
  });
  await publisher.publishAll();
  const server: Server = createServer((req, res) => serveStatic(store, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  /** A raw HTTP exchange: no automatic decompression, so encodings and HEAD can be inspected. */
  const fetchRaw = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
    new Promise<RawResponse>((resolve, reject) => {
      // A connection of its own (agent: false): a kept-alive one can be closed by the server's
      // keep-alive timeout just as the next request goes out on it (ECONNRESET, seen in a suite run).
      httpRequest(
        `${base}${path}`,
        { method: init.method ?? 'GET', headers: init.headers ?? {}, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res
            .on('data', (c: Buffer) => chunks.push(c))
            .on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        },
      )
        .on('error', reject)
        .end();
    });

  return {
    base,
    siteUrl,
    store,
    publisher,
    fetchRaw,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
