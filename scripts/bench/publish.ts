/**
 * Publish latency and static serving speed, measured against the real server entry in-process
 * (embedded in-memory database, demo catalogue, built site).
 */
import { request, Agent } from 'node:http';
import { loadConfig } from '../../api/server/config.ts';
import { startShirase } from '../../api/server/main.ts';
import type { PublishReport } from '../../api/publish/publisher.ts';

const TOKEN = 'bench-token-0123456789abcdef';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

function get(agent: Agent, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
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

export async function benchPublish(): Promise<Array<{ name: string; value: string }>> {
  const running = await startShirase(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory', ADMIN_TOKEN: TOKEN, SITE_URL: 'http://localhost' }), () => {});
  const base = running.url.replace('localhost', '127.0.0.1');
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  try {
    const components = JSON.parse((await get(agent, `${base}/api/v1/components`)).body).components as Array<{ id: string }>;
    const latencies: number[] = [];
    const fromSend: number[] = [];
    const apiMs: number[] = [];
    const publishMs: number[] = [];
    const phases: Array<PublishReport['phases']> = [];
    running.publisher.onPublished((r) => {
      publishMs.push(r.ms);
      phases.push(r.phases);
    });
    for (let i = 0; i < 20; i++) {
      const name = `ベンチマーク障害 ${i} ${Date.now()}`;
      const sent = performance.now();
      const res = await fetch(`${base}/api/v1/incidents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, body: '計測用', components: { [components[i % components.length]!.id]: 'partial_outage' } }),
      });
      if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
      await res.arrayBuffer();
      const answered = performance.now();
      // Poll the public page every millisecond until the incident shows.
      while (!(await get(agent, `${base}/`)).body.includes(name)) await new Promise((r) => setTimeout(r, 1));
      latencies.push(performance.now() - answered);
      fromSend.push(performance.now() - sent);
      apiMs.push(answered - sent);
    }

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
      { name: 'publish latency, API 201 → page shows the incident (median of 20)', value: `${median(latencies).toFixed(0)} ms` },
      { name: 'publish latency, 95th percentile', value: `${p95(latencies).toFixed(0)} ms` },
      { name: 'POST sent → page shows the incident (median / p95)', value: `${median(fromSend).toFixed(0)} / ${p95(fromSend).toFixed(0)} ms` },
      { name: 'POST /api/v1/incidents answer time (median)', value: `${median(apiMs).toFixed(0)} ms` },
      { name: 'one publish (model + affected pages + documents), median', value: `${median(publishMs)} ms` },
      {
        name: 'its phases, median: model / pages / documents / hash+compress',
        value: (['model', 'pages', 'documents', 'commit'] as const).map((k) => `${median(phases.map((p) => p[k]))}`).join(' / ') + ' ms',
      },
      { name: 'home page served from memory, 32 concurrent, node client (brotli)', value: `${Math.round(rps)} req/s` },
    ];
  } finally {
    agent.destroy();
    await running.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchPublish()) console.log(`${row.name}: ${row.value}`);
}
