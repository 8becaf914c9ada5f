import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { mirrorConfigFromEnv } from '../../api/server/mirror-config.ts';

/** s3rver's fixed credentials: it checks every request's signature against them. */
const KEY = 'S3RVER';

export interface BucketObject {
  body: Buffer;
  contentType: string | undefined;
  cacheControl: string | undefined;
  contentEncoding: string | undefined;
}

/**
 * A real S3 protocol server (s3rver over a temporary folder) on 127.0.0.1, on a port that stays
 * the same across `down()` and `up()`: down, nothing listens there and every open connection is
 * cut, as when the bucket's host is unreachable. Counts the requests by method.
 */
export async function startS3(bucket = 'site') {
  const directory = await mkdtemp(path.join(tmpdir(), 'shirase-s3-'));
  const s3rver = new S3rver({ silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const requests: { method: string; url: string }[] = [];
  const sockets = new Set<Socket>();
  /** While set, requests wait for it (a slow bucket, held by the test). */
  let held: Promise<void> | null = null;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method!, url: req.url! });
    if (held) void held.then(() => handle(req, res));
    else handle(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as { port: number }).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: KEY, secretAccessKey: KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    requests,
    /** The mirror's configuration for this bucket, through MIRROR_S3_URL as an operator writes it. */
    config: (prefix = '') =>
      mirrorConfigFromEnv({
        MIRROR_S3_URL: `s3://${KEY}:${KEY}@${bucket}${prefix ? `/${prefix}` : ''}?endpoint=${endpoint}&path_style=1`,
      })!,
    puts: () => requests.filter((r) => r.method === 'PUT').map((r) => decodeURIComponent(r.url.split('?')[0]!)),
    async keys(prefix = ''): Promise<string[]> {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) keys.push(o.Key!);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async get(key: string): Promise<BucketObject> {
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return {
        body: Buffer.from(await got.Body!.transformToByteArray()),
        contentType: got.ContentType,
        cacheControl: got.CacheControl,
        contentEncoding: got.ContentEncoding,
      };
    },
    /** Holds every request from now until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      held = new Promise<void>((resolve) => (release = resolve));
      return () => {
        held = null;
        release();
      };
    },
    /** Writes or removes an object behind the mirror's back (as another tool or a person would). */
    async put(key: string, body: string): Promise<void> {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async remove(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async down(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    up: () => listen(port),
    async stop(): Promise<void> {
      client.destroy();
      if (server.listening) await this.down();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
