import { describe, expect, it } from 'vitest';
import { Liveness, STUCK_AFTER_MS } from '../../api/metrics/liveness.ts';
import { RequestCounts, requestSeries } from '../../api/metrics/request-counts.ts';
import { CODE_CLASSES, codeClassIndexOf, kindIndexOf, ROUTE_KINDS } from '../../api/metrics/route-kind.ts';
import { metricsTokenFromEnv } from '../../api/server/metrics-config.ts';
import { doorOf } from '../../api/server/static.ts';

const kindOf = (url: string) => ROUTE_KINDS[kindIndexOf(url)];

describe('what kind of request a URL is, for the request metrics', () => {
  it.each([
    ['/', 'page'],
    ['/en/incidents/01JABC/', 'page'],
    ['/404.html', 'page'],
    ['/api/v2/summary.json', 'status_json'],
    ['/api/v2/incidents/01JABC.json?x=1', 'status_json'],
    ['/history.atom', 'feed'],
    ['/en/history.rss', 'feed'],
    ['/history.json', 'feed'],
    ['/calendars/maintenance.ics', 'calendar'],
    ['/badge.svg', 'badge'],
    ['/en/badge.svg', 'badge'],
    ['/embed/status.html', 'embed'],
    ['/assets/app.0123.js', 'asset'],
    ['/favicon.ico', 'asset'],
    ['/api/v1/components', 'api'],
    ['/api/v1?x', 'api'],
    ['/admin/incidents/', 'console'],
    ['/en/admin', 'console'],
    ['/subscription/confirm?token=x', 'subscription'],
    ['/healthz', 'monitoring'],
    ['/metrics?name=x', 'monitoring'],
    ['/administrator', 'other'],
    ['/api/v3/x', 'other'],
    ['/no-such-thing', 'other'],
  ])('%s is counted as %s', (url, kind) => {
    expect(kindOf(url)).toBe(kind);
  });

  it('groups statuses into their classes', () => {
    expect([200, 204, 304, 308, 404, 429, 500, 503].map((s) => CODE_CLASSES[codeClassIndexOf(s)])).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '3xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
    ]);
  });
});

describe('request counts', () => {
  it('sums every thread’s counts into cumulative buckets, and leaves out kinds nobody asked for', () => {
    const serving = new RequestCounts();
    const main = new RequestCounts();
    serving.record(kindIndexOf('/'), codeClassIndexOf(200), 0.00005);
    serving.record(kindIndexOf('/'), codeClassIndexOf(200), 0.003);
    main.record(kindIndexOf('/'), codeClassIndexOf(200), 7);
    const series = requestSeries([serving.snapshot(), main.snapshot()]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ kind: 'page', code: '2xx', count: 3 });
    expect(series[0]!.sum).toBeCloseTo(7.00305, 10);
    // 0.0001 holds the first; 0.005 the first two; only +Inf the 7 s one.
    expect(series[0]!.buckets[0]).toBe(1);
    expect(series[0]!.buckets.at(-2)).toBe(2);
    expect(series[0]!.buckets.at(-1)).toBe(3);
  });
});

describe('which thread answers the monitoring routes', () => {
  it('answers /healthz where it listens and sends /readyz and /metrics to the backend', () => {
    expect(doorOf('/healthz', null)).toBe('health');
    expect(doorOf('/healthz?probe=1', null)).toBe('health');
    expect(doorOf('/readyz', null)).toBe('api');
    expect(doorOf('/metrics', null)).toBe('api');
    expect(doorOf('/metricsx', null)).toBe('static');
    expect(doorOf('/healthz/x', null)).toBe('static');
  });

  it('says the process is stuck once the main thread has been silent for the limit', () => {
    let t = 0;
    const liveness = new Liveness(() => t);
    t = STUCK_AFTER_MS - 1;
    expect(liveness.state()).toBeNull();
    liveness.beat();
    t += STUCK_AFTER_MS - 1;
    expect(liveness.state()).toBeNull();
    t += 1;
    expect(liveness.state()).toBe(STUCK_AFTER_MS);
  });
});

describe('METRICS_TOKEN', () => {
  it('is unset when empty and refused when short enough to guess', () => {
    expect(metricsTokenFromEnv({ METRICS_TOKEN: ' ' })).toBeUndefined();
    expect(metricsTokenFromEnv({ METRICS_TOKEN: 'metrics-token-0123456789' })).toBe('metrics-token-0123456789');
    expect(() => metricsTokenFromEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16/);
  });
});
