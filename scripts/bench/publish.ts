/**
 * Publish latency and static serving speed, measured against the production entry
 * (`node scripts/serve.ts`) in its own process — in-process, the client would share the server's
 * event loop and be held up by the very publish it measures. Embedded in-memory database, demo
 * catalogue, built site.
 */
import { request, Agent } from 'node:http';
import { E2E_TOKEN as TOKEN, startServer } from '../../tests/support/server.ts';
import { publishesBetween, publishHistogram } from './metrics-scrape.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

function get(
  agent: Agent,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** The server logs each publish: `published 12/150 files in 270 ms (model 9, pages 120, documents 98, compress 38)`. */
const PUBLISH_LINE =
  /published \d+\/\d+ files in (\d+) ms \(model (\d+), pages (\d+), documents (\d+), compress (\d+)\)/g;

export async function benchPublish(): Promise<Array<{ name: string; value: string }>> {
  const server = await startServer();
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  try {
    const base = server.url;
    const components = JSON.parse((await get(agent, `${base}/api/v1/components`)).body).components as Array<{
      id: string;
    }>;
    const logBefore = server.output().length;
    const metricsBefore = await publishHistogram(base);
    const afterAnswer: number[] = [];
    const fromSend: number[] = [];
    const apiMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const name = `ベンチマーク障害 ${i} ${Date.now()}`;
      const sent = performance.now();
      const res = await fetch(`${base}/api/v1/incidents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name,
          body: '計測用',
          components: { [components[i % components.length]!.id]: 'partial_outage' },
        }),
      });
      if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
      await res.arrayBuffer();
      const answered = performance.now();
      // Poll the public page every millisecond until the incident shows.
      while (!(await get(agent, `${base}/`)).body.includes(name)) await new Promise((r) => setTimeout(r, 1));
      const visible = performance.now();
      afterAnswer.push(visible - answered);
      fromSend.push(visible - sent);
      apiMs.push(answered - sent);
    }
    const viaMetrics = publishesBetween(metricsBefore, await publishHistogram(base));
    const publishes = [...server.output().slice(logBefore).matchAll(PUBLISH_LINE)].map((m) => m.slice(1).map(Number));
    const col = (i: number) => median(publishes.map((p) => p[i]!));

    // Static serving: N requests with 32 in flight over keep-alive, brotli accepted.
    const total = 5000;
    let sent = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (sent < total) {
          sent++;
          await get(agent, `${base}/`, { 'Accept-Encoding': 'br' });
        }
      }),
    );
    const rps = total / ((performance.now() - started) / 1000);
    return [
      {
        name: 'POST sent → home page shows the incident (median / p95 of 20)',
        value: `${median(fromSend).toFixed(0)} / ${p95(fromSend).toFixed(0)} ms`,
      },
      {
        name: 'POST /api/v1/incidents answer time (median / p95)',
        value: `${median(apiMs).toFixed(0)} / ${p95(apiMs).toFixed(0)} ms`,
      },
      {
        name: 'API 201 received → home page shows the incident (median / p95)',
        value: `${median(afterAnswer).toFixed(0)} / ${p95(afterAnswer).toFixed(0)} ms`,
      },
      {
        name: `one publish, median of ${publishes.length}: total (model / pages / documents / compress)`,
        value: `${col(0)} (${col(1)} / ${col(2)} / ${col(3)} / ${col(4)}) ms`,
      },
      {
        name: `the same publishes from /metrics (shirase_publish_duration_seconds): mean of ${viaMetrics.count} / the log's mean`,
        value: `${Math.round(viaMetrics.meanMs)} / ${Math.round(publishes.reduce((s, p) => s + p[0]!, 0) / publishes.length)} ms`,
      },
      {
        name: 'home page served, 32 concurrent, brotli (the Node client is the bottleneck)',
        value: `${Math.round(rps)} req/s`,
      },
    ];
  } finally {
    agent.destroy();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchPublish()) console.log(`${row.name}: ${row.value}`);
}
