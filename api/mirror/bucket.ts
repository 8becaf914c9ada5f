import type { MirrorConfig } from '../server/mirror-config.ts';

export interface ObjectHeaders {
  ContentType: string;
  CacheControl: string;
  ContentEncoding?: string;
}

/** What the mirror asks of the bucket; one request each, the SDK's own retries included. */
export interface Bucket {
  /** Resolves with the new object's ETag. */
  put(key: string, body: Buffer, headers: ObjectHeaders): Promise<string>;
  remove(key: string): Promise<void>;
  /** Every key under the prefix (the prefix included in each). */
  list(prefix: string): Promise<string[]>;
  /** The object's ETag, or null when there is none. */
  etag(key: string): Promise<string | null>;
  /** The object's text and ETag, or null when there is none. */
  read(key: string): Promise<{ text: string; etag: string } | null>;
  close(): void;
}

/** A request slower than this is abandoned (and the pass retried): a hung bucket must not hold the mirror. */
const REQUEST_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 10_000;

const notFound = (err: unknown) =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * The bucket through AWS SDK v3, loaded here on first use: only a process with a mirror configured
 * loads it. `signal` abandons requests in flight when the server closes.
 */
export async function openBucket(config: MirrorConfig, signal: AbortSignal): Promise<Bucket> {
  const s3 = await import('@aws-sdk/client-s3');
  const client = new s3.S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
    // The SDK's default adds CRC32 checksums that third-party servers (s3rver, older MinIO, some
    // CDNs' storage) refuse or mangle; S3 itself needs them only where an operation requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
  const Bucket = config.bucket;
  const opts = { abortSignal: signal };
  return {
    async put(key, body, headers) {
      return (
        (await client.send(new s3.PutObjectCommand({ Bucket, Key: key, Body: body, ...headers }), opts)).ETag ?? ''
      );
    },
    async remove(key) {
      await client.send(new s3.DeleteObjectCommand({ Bucket, Key: key }), opts);
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new s3.ListObjectsV2Command({ Bucket, Prefix: prefix || undefined, ContinuationToken: token }),
          opts,
        );
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    async etag(key) {
      try {
        return (await client.send(new s3.HeadObjectCommand({ Bucket, Key: key }), opts)).ETag ?? null;
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    async read(key) {
      try {
        const got = await client.send(new s3.GetObjectCommand({ Bucket, Key: key }), opts);
        return { text: (await got.Body?.transformToString('utf8')) ?? '', etag: got.ETag ?? '' };
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    close: () => client.destroy(),
  };
}
