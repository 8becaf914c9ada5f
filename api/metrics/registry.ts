/**
 * The Prometheus registry behind /metrics: loaded with prom-client at the first scrape (routes.ts
 * imports this file dynamically), so a server nobody scrapes never holds it. Every figure is read
 * when scraped from what the process keeps anyway (request counts, the publish record, the
 * operations' status, three database reads): nothing here records, so loading it late loses nothing.
 */
import client from 'prom-client';
import { PUBLISH_BUCKETS, PUBLISH_OUTCOMES } from './publish-record.ts';
import { REQUEST_BUCKETS, requestSeries } from './request-counts.ts';
import type { Scrape } from './scrape.ts';

type Labels = Record<string, string>;
interface Histo {
  labels: Labels;
  /** Cumulative, one per bound then +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * A histogram whose buckets were counted elsewhere (the serving thread, the publish record):
 * prom-client's Histogram only counts its own observations, so this hands the registry the values
 * as its own metrics do (`get()`; the registry formats them).
 */
function countedHistogram(name: string, help: string, bounds: number[], read: () => Histo[]) {
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      values: read().flatMap((h) => [
        ...h.buckets.map((value, i) => ({
          metricName: `${name}_bucket`,
          labels: { ...h.labels, le: i < bounds.length ? bounds[i]! : '+Inf' },
          value,
        })),
        { metricName: `${name}_sum`, labels: h.labels, value: h.sum },
        { metricName: `${name}_count`, labels: h.labels, value: h.count },
      ]),
    }),
  } as unknown as client.Metric;
}

const seconds = (ms: number) => ms / 1000;

export interface MetricsRegistry {
  contentType: string;
  /** The exposition text of `scrape`'s figures. */
  render(scrape: Scrape): Promise<string>;
}

export function createMetricsRegistry(): MetricsRegistry {
  const register = new client.Registry();
  client.collectDefaultMetrics({ register });
  let s: Scrape | null = null;
  const now = () => s!.now.getTime();

  /**
   * A gauge or counter read from the scrape. Not prom-client's Gauge/Counter: those always expose a
   * sample (0 without labels), where a part that is not running must expose none.
   */
  const metric = (
    type: 'gauge' | 'counter',
    name: string,
    help: string,
    values: (s: Scrape) => Array<[Labels, number]>,
  ) =>
    register.registerMetric({
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({
        name,
        help,
        type,
        aggregator: 'sum',
        values: values(s!).map(([labels, value]) => ({ labels, value })),
      }),
    } as unknown as client.Metric);
  const one = (v: number | null | undefined): Array<[Labels, number]> =>
    v === null || v === undefined ? [] : [[{}, v]];

  metric('counter', 'shirase_http_requests_total', 'Requests answered, by route kind and status class.', (s) =>
    requestSeries(s.requests).map((r) => [{ kind: r.kind, code: r.code }, r.count]),
  );
  register.registerMetric(
    countedHistogram(
      'shirase_http_request_duration_seconds',
      'Time from a request read to its answer handed to the socket, by route kind and status class.',
      REQUEST_BUCKETS,
      () =>
        requestSeries(s!.requests).map((r) => ({
          labels: { kind: r.kind, code: r.code },
          buckets: r.buckets,
          sum: r.sum,
          count: r.count,
        })),
    ),
  );
  register.registerMetric(
    countedHistogram(
      'shirase_publish_duration_seconds',
      'Publishes that rendered: from the publish starting (model read) to its files visible (commit).',
      PUBLISH_BUCKETS,
      () => {
        const p = s!.publishes;
        return p.count ? [{ labels: {}, buckets: p.buckets, sum: p.sum, count: p.count }] : [];
      },
    ),
  );
  metric(
    'counter',
    'shirase_publishes_total',
    'Publishes by outcome: published, unchanged (found up to date, nothing rendered), failed (as a whole).',
    (s) => PUBLISH_OUTCOMES.map((o) => [{ outcome: o }, s.publishes.outcomes[o]]),
  );
  metric('gauge', 'shirase_publish_last_files', 'Files the last publish rendered or built.', (s) =>
    one(s.publishes.last?.files),
  );
  metric('gauge', 'shirase_publish_last_changed_files', 'Files whose bytes the last publish changed.', (s) =>
    one(s.publishes.last?.changed),
  );
  metric(
    'gauge',
    'shirase_publish_last_changed_bytes',
    'Bytes (uncompressed) of the files the last publish changed.',
    (s) => one(s.publishes.last?.changedBytes),
  );
  metric(
    'gauge',
    'shirase_publish_last_success_timestamp_seconds',
    'When the last publish that rendered made its files visible (Unix time).',
    (s) => one(s.publishes.last && seconds(s.publishes.last.at.getTime())),
  );
  metric('gauge', 'shirase_site_published', '1 when published output is served, 0 before the first publish.', (s) =>
    one(s.published ? 1 : 0),
  );
  metric(
    'gauge',
    'shirase_database_up',
    '1 when the database answered this scrape; 0: the database figures below are absent.',
    (s) => one(s.database ? 1 : 0),
  );
  const channels = (pick: (d: NonNullable<Scrape['database']>) => Record<string, number>) => (s: Scrape) =>
    s.database ? Object.entries(pick(s.database)).map(([channel, n]): [Labels, number] => [{ channel }, n]) : [];
  metric(
    'gauge',
    'shirase_notification_queue_depth',
    'Deliveries waiting to be sent (pending or being sent), by channel.',
    channels((d) => d.waiting),
  );
  metric(
    'gauge',
    'shirase_notification_failed_deliveries',
    'Deliveries made in the last 24 hours that failed for good (permanent failure or attempts exhausted), by channel.',
    channels((d) => d.failed),
  );
  metric(
    'gauge',
    'shirase_incident_updates_overdue',
    'Unresolved incidents whose promised (or due) next update is past.',
    (s) => one(s.database?.overdue),
  );
  const mirror = (s: Scrape) => (s.mirror?.enabled ? s.mirror : null);
  metric(
    'gauge',
    'shirase_mirror_lag_seconds',
    'Newest publish minus the newest one the mirror holds whole; 0 caught up, +Inf nothing mirrored yet.',
    (s) => {
      const m = mirror(s);
      if (!m) return [];
      if (!m.latestPublishedAt) return one(0);
      if (!m.mirroredPublishedAt) return one(Number.POSITIVE_INFINITY);
      return one(Math.max(0, seconds(m.latestPublishedAt.getTime() - m.mirroredPublishedAt.getTime())));
    },
  );
  metric(
    'counter',
    'shirase_mirror_failures_total',
    'Mirror uploads and deletions that failed (each try), since the process started.',
    (s) => one(mirror(s)?.failures),
  );
  metric('counter', 'shirase_mirror_uploads_total', 'Objects uploaded to the mirror since the process started.', (s) =>
    one(mirror(s)?.uploads),
  );
  metric(
    'counter',
    'shirase_mirror_deletions_total',
    'Objects deleted from the mirror since the process started.',
    (s) => one(mirror(s)?.deletions),
  );
  metric(
    'gauge',
    'shirase_backup_age_seconds',
    'Seconds since the newest verified backup was made; +Inf when there is none.',
    (s) =>
      s.backup
        ? one(
            s.backup.lastSuccessAt
              ? Math.max(0, seconds(now() - s.backup.lastSuccessAt.getTime()))
              : Number.POSITIVE_INFINITY,
          )
        : [],
  );
  metric('counter', 'shirase_backup_failures_total', 'Scheduled backups that failed since the process started.', (s) =>
    one(s.backup?.failures),
  );
  metric('gauge', 'shirase_backup_generations', 'Backups kept in BACKUP_DIR.', (s) => one(s.backup?.generations));

  /** One scrape at a time: the metrics read the figures of the scrape being rendered. */
  let queue: Promise<unknown> = Promise.resolve();
  return {
    contentType: register.contentType,
    render(scrape) {
      const text = queue.then(async () => {
        s = scrape;
        return register.metrics();
      });
      queue = text.catch(() => {});
      return text;
    },
  };
}
