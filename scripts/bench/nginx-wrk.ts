/**
 * The bench's outside tools: wrk and nginx (installed from Debian when missing), nginx serving an
 * exported site the way the README's sample does, wrk's runs with each server's CPU per request,
 * and a plain GET. Used by history-server.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { freePort } from '../../tests/support/http.ts';

export function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

export function ensureTools(log: (line: string) => void): void {
  const missing = ['wrk', 'nginx'].filter((t) => {
    try {
      execFileSync('sh', ['-c', `command -v ${t} || test -x /usr/sbin/${t}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  log(`installing ${missing.join(' and ')} from Debian (apt-get install -y ${missing.join(' ')})`);
  const root = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args: string[]) =>
    execFileSync(root[0] ?? args[0]!, root.length ? args : args.slice(1), {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

/**
 * nginx serving the exported files as a DR copy would: gzip_static for the .gz siblings, and (Debian's
 * nginx has no brotli_static) the .br sibling chosen by a map on Accept-Encoding, sent with the type
 * of the file it encodes.
 */
export async function startNginx(root: string, dir: string): Promise<{ url: string; pid: number; stop(): void }> {
  const port = await freePort();
  const brTypes: Array<[string, string]> = [
    ['html', 'text/html; charset=utf-8'],
    ['json', 'application/json; charset=utf-8'],
    ['xml', 'application/xml; charset=utf-8'],
    ['atom', 'application/atom+xml; charset=utf-8'],
    ['rss', 'application/rss+xml; charset=utf-8'],
    ['svg', 'image/svg+xml'],
    ['css', 'text/css; charset=utf-8'],
    ['js', 'text/javascript; charset=utf-8'],
    ['ics', 'text/calendar; charset=utf-8'],
    ['txt', 'text/plain; charset=utf-8'],
  ];
  const conf = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  # ".nobr" names no file, so the -f test below fails for clients that do not accept brotli.
  map $http_accept_encoding $br { default ".nobr"; "~*(^|[\\s,])br($|[\\s,;])" ".br"; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
    gzip_static on;
    add_header Vary Accept-Encoding;
    add_header Cache-Control "public, max-age=30, stale-while-revalidate=60, stale-if-error=86400" always;
    location / {
      rewrite ^(.*)/$ $1/index.html last;
      if (-f $document_root$uri$br) { rewrite ^ $uri$br last; }
    }
${brTypes
  .map(
    ([ext, type]) =>
      `    location ~ \\.${ext}\\.br$ { types { } default_type "${type}"; add_header Content-Encoding br; add_header Vary Accept-Encoding; add_header Cache-Control "public, max-age=30, stale-while-revalidate=60, stale-if-error=86400" always; }`,
  )
  .join('\n')}
  }
}
`;
  writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child = spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], {
    stdio: 'ignore',
  });
  const failed = () => readFileSync(path.join(dir, 'error.log'), 'utf8').split('\n').slice(-5).join('\n');
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if ((await get(`${url}/`).catch(() => null))?.status === 200) break;
    if (i > 200) {
      child.kill('SIGQUIT');
      throw new Error(`nginx did not answer 200 on /:\n${failed()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { url, pid: child.pid!, stop: () => child.kill('SIGQUIT') };
}

/** CPU time (user + system) the process `pid` and its children (nginx's workers) have used, in µs. */
function cpuMicros(pid: number): number {
  const ticks = (p: number) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    // After the command's closing parenthesis: state is the first field, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  return ([pid, ...children].reduce((sum, p) => sum + ticks(p), 0) * 1e6) / clockTicks();
}
let ticksPerSecond = 0;
const clockTicks = () => (ticksPerSecond ||= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })));

/** A duration as wrk prints it (`635.91us`, `1.20ms`, `2.01s`), in ms. */
function wrkMs(value: string, unit: string): number {
  return Number(value) * ({ us: 1e-3, ms: 1, s: 1e3, m: 6e4 }[unit] ?? Number.NaN);
}

export interface WrkResult {
  rps: number;
  requests: number;
  /** The CPU the server's process used per request answered, in µs. */
  cpuMicrosPerRequest: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * wrk (2 threads, 64 connections) against a server: its requests per second, its latency percentiles,
 * and the CPU the server's process `pid` used per request, which other work on the machine moves far
 * less than the rate (wrk and the server share the cores). `cpus`: the cores wrk runs on (taskset).
 * Asynchronous, so that the bench can write while it runs.
 */
export async function wrk(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  pid: number,
  cpus?: string,
): Promise<WrkResult> {
  const cpuBefore = cpuMicros(pid);
  const args = [
    '-t2',
    '-c64',
    `-d${seconds}s`,
    '--latency',
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ];
  const out = await new Promise<string>((resolve, reject) => {
    const child = cpus ? spawn('taskset', ['-c', cpus, 'wrk', ...args]) : spawn('wrk', args);
    let said = '';
    child.stdout.on('data', (d) => (said += d));
    child.stderr.on('data', (d) => (said += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(said) : reject(new Error(`wrk exited with ${code}:\n${said}`))));
  });
  const cpu = cpuMicros(pid) - cpuBefore;
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1];
  const requests = /(\d+) requests in/.exec(out)?.[1];
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  const percentile = (p: number) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? wrkMs(m[1]!, m[2]!) : Number.NaN;
  };
  if (!rps || !requests) throw new Error(`wrk said:\n${out}`);
  if (errors) throw new Error(`wrk got ${errors} non-2xx answers from ${url}`);
  return {
    rps: Number(rps),
    requests: Number(requests),
    cpuMicrosPerRequest: cpu / Number(requests),
    p50Ms: percentile(50),
    p99Ms: percentile(99),
  };
}

/** Puts every thread of a process, and of its children (nginx's workers), on the cores `cpus` (taskset's list). */
export function pin(pid: number, cpus: string): void {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
  for (const p of [String(pid), ...children]) execFileSync('taskset', ['-a', '-p', '-c', cpus, p], { stdio: 'ignore' });
}

/** The CPU time the process `pid` (and its children) used over `ms`, as a share of one core. */
export async function cpuShare(pid: number, ms: number): Promise<number> {
  const before = cpuMicros(pid);
  await new Promise((r) => setTimeout(r, ms));
  return (cpuMicros(pid) - before) / (ms * 1000);
}

/** Waits until the process uses under 5 % of a core over half a second (no publish, upload or GC left). */
export async function quiet(pid: number, log: (line: string) => void): Promise<void> {
  for (let i = 0; ; i++) {
    const share = await cpuShare(pid, 500);
    if (share < 0.05) return;
    if (i === 20) {
      log(`server ${pid} still busy (${Math.round(share * 100)} % of a core) after 10 s: measuring anyway`);
      return;
    }
  }
}
