import { EventEmitter } from 'node:events';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SiteModel } from '../core/model.ts';
import type { SiteSettings } from '../core/settings.ts';
import type { ApiReference } from './api-reference.ts';

export interface Rendered {
  status: number;
  contentType: string;
  body: Buffer;
}

/** What a page gets besides its URL (`Astro.locals`): the model, the settings in force, and data that is not in the model. */
export interface PageLocals {
  model: SiteModel;
  /** The validated settings (origin, notice periods, standing window, service levels): pages state these, never defaults of their own. */
  settings: SiteSettings;
  /** For the API reference pages; absent, they say so and link to the document. */
  apiReference?: ApiReference;
}

export type RenderFn = (urlPath: string, locals: PageLocals) => Promise<Rendered>;

type AstroHandler = (
  req: IncomingMessage,
  res: CaptureResponse,
  next: (err?: unknown) => void,
  locals: object,
) => Promise<void>;

/**
 * Collects what Astro's node handler writes. The handler speaks Node's ServerResponse; we only
 * need status, headers and body bytes, so this stands in for one without a socket.
 */
class CaptureResponse extends EventEmitter {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  headers: Record<string, string | string[] | number> = {};
  chunks: Buffer[] = [];
  readonly done: Promise<void>;
  private finish!: () => void;
  readonly req: IncomingMessage;
  constructor(req: IncomingMessage) {
    super();
    this.req = req;
    this.done = new Promise((resolve) => (this.finish = resolve));
  }
  writeHead(status: number, headers?: Record<string, string | string[] | number>) {
    this.statusCode = status;
    Object.assign(this.headers, headers ?? {});
    this.headersSent = true;
    return this;
  }
  setHeader(name: string, value: string | string[] | number) {
    this.headers[name.toLowerCase()] = value;
  }
  write(chunk: Uint8Array | string) {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return true;
  }
  end(chunk?: Uint8Array | string) {
    if (chunk) this.write(chunk);
    this.emit('finish');
    this.finish();
    return this;
  }
  destroy() {
    this.finish();
  }
}

/**
 * Loads the built Astro server entry (`dist/server/entry.mjs`, `@astrojs/node` in middleware mode)
 * and renders one route in-process: no socket, no HTTP round trip (~0.2 ms per simple page here).
 */
export async function loadAstroRenderer(distDir = path.resolve('dist')): Promise<RenderFn> {
  const entry = path.join(distDir, 'server', 'entry.mjs');
  let handler: AstroHandler;
  try {
    ({ handler } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler });
  } catch (err) {
    throw new Error(
      `The site is not built (${entry} could not be loaded): run "npm run build" first. ${(err as Error).message}`,
    );
  }
  return async (urlPath, locals) => {
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    req.url = urlPath;
    req.headers = { host: new URL(locals.settings.siteUrl).host };
    req.push(null);
    const res = new CaptureResponse(req);
    let failure: unknown;
    await handler(
      req,
      res,
      (err?: unknown) => {
        failure = err ?? new Error(`No page matches ${urlPath}`);
        res.end();
      },
      locals,
    );
    await res.done;
    if (failure) throw failure;
    let type = String(res.headers['content-type'] ?? res.headers['Content-Type'] ?? 'text/html');
    if (/^text\//.test(type) && !/charset=/i.test(type)) type += '; charset=utf-8';
    return { status: res.statusCode, contentType: type, body: Buffer.concat(res.chunks) };
  };
}
