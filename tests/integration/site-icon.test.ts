import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, PUBLIC_MODEL } from '../fixtures/public-model.ts';
import { publishAndServe } from '../support/published-site.ts';

// Needs the built site (`astro build`).
describe('the site icon and the other files of public/', () => {
  let site: Awaited<ReturnType<typeof publishAndServe>>;
  beforeAll(async () => {
    site = await publishAndServe({ model: () => PUBLIC_MODEL, now: () => NOW });
  });
  afterAll(() => site.close());

  it('serves /favicon.ico, which browsers ask for unprompted, as an icon', async () => {
    const res = await site.fetchRaw('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    expect([...res.body.subarray(0, 4)], 'an ICO file header').toEqual([0, 0, 1, 0]);
  });

  it('links every page to an SVG icon and the ICO, both served', async () => {
    for (const path of ['/', '/en/', '/history/']) {
      const html = (await site.fetchRaw(path)).body.toString();
      expect(html, path).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
      expect(html, path).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32">');
    }
    const svg = await site.fetchRaw('/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body.toString()).toMatch(/^<svg /);
  });

  it('still serves the service-level pages’ script from public/assets', async () => {
    const res = await site.fetchRaw('/assets/service-levels.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });
});
