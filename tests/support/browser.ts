import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach } from 'vitest';

let shared: Promise<Browser> | undefined;

/** Debian's Chromium, driven by Playwright; no browser download needed. One per worker process. */
async function sharedBrowser(): Promise<Browser> {
  const running = await shared?.catch(() => undefined);
  if (running?.isConnected()) return running;
  shared = chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return shared;
}

/**
 * The worker's Chromium, as the calling file's own: its `close()` closes the contexts and pages the
 * file opened through it, and leaves the browser running for the worker's next file (a launch and its
 * close cost ~1.7 s of CPU here; Playwright ends the browser when the worker process exits). Contexts
 * keep files apart: each has its own cookies, storage and cache.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await sharedBrowser();
  const mine = new Set<BrowserContext>();
  const own = (context: BrowserContext) => {
    mine.add(context);
    context.once('close', () => mine.delete(context));
    return context;
  };
  const file: Partial<Browser> = {
    newContext: async (...args) => own(await browser.newContext(...args)),
    newPage: async (...args) => {
      const page = await browser.newPage(...args);
      own(page.context());
      return page;
    },
    close: async () => {
      await Promise.all([...mine].map((context) => context.close().catch(() => {})));
    },
  };
  return new Proxy(browser, {
    get(target, property) {
      if (property in file) return file[property as keyof Browser];
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Opens pages of one server in fresh contexts (so each can turn JavaScript off), expecting 200,
 * and records any request to another origin and any dialog a page tried to show. With `now` (the
 * server's test clock), each page's own clock starts there and runs on, so that a page script
 * judges time as the server that published the page did, not by the machine's clock.
 *
 * Call it in a describe block: the pages a test opened are closed when it ends. Each open context is
 * a renderer process that goes on running the page's scripts, and each made the next one slower to
 * open: ten left open took 15 s to open where ten closed in turn took 8 s (measured here).
 */
export function pageOpener(browser: () => Browser, baseUrl: () => string, now?: () => Date | Promise<Date>) {
  const externalRequests: string[] = [];
  const dialogs: string[] = [];
  const opened: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((context) => context.close()));
  });
  async function open(path: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await browser().newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
    opened.push(context);
    if (now) await context.clock.install({ time: await now() });
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith(baseUrl())) externalRequests.push(r.url());
    });
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const res = await page.goto(baseUrl() + path);
    if (res?.status() !== 200) throw new Error(`${path} answered ${res?.status()}, not 200`);
    return page;
  }
  return { open, externalRequests, dialogs };
}
