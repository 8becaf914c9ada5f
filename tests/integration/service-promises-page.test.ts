import { expect, it } from 'vitest';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { loadConfig } from '../../api/server/config.ts';
import { loadPublishedModel } from '../../api/server/site-publisher.ts';
import { describeEachDatabase } from '../support/db.ts';

// Needs the built site (scripts/test.sh runs `astro build` first).
describeEachDatabase('the promises page and the configured standing window', ({ database }) => {
  it('states the configured window, not the sheet default, in both languages', async () => {
    const config = loadConfig({
      ADMIN_TOKEN: 'promise-token-0123456789',
      STANDING_WINDOW_START: '03:00',
      STANDING_WINDOW_DURATION_MINUTES: '90',
    });
    const model = await loadPublishedModel(config, database().db, new Date('2026-11-28T10:00:00+09:00'));
    const render = await loadAstroRenderer();
    const ja = (await render('/service-levels/promises/', { model, siteUrl: config.siteUrl })).body.toString();
    const en = (await render('/en/service-levels/promises/', { model, siteUrl: config.siteUrl })).body.toString();
    expect(ja).toContain('毎月1回 3:00〜4:30（日本時間）');
    expect(en).toContain('Once a month, 3:00–4:30 JST');
    expect(ja).not.toContain('2:00〜4:00');
  });
});
