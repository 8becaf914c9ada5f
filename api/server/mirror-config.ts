/** Where the mirror (api/mirror/) copies each published generation: an S3-compatible bucket. */
export interface MirrorConfig {
  bucket: string;
  /** Key prefix without leading or trailing slash ('' for the bucket's root): the mirror owns everything under it. */
  prefix: string;
  /** A third-party server (MinIO, R2, s3rver…); undefined for AWS itself. */
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
  /** Undefined: the SDK's default chain (AWS_* variables, a shared profile, the instance's role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** For the log: where it goes, never the secret. */
  describe: string;
}

const SEPARATE = [
  'MIRROR_S3_BUCKET',
  'MIRROR_S3_PREFIX',
  'MIRROR_S3_ENDPOINT',
  'MIRROR_S3_REGION',
  'MIRROR_S3_FORCE_PATH_STYLE',
] as const;
const URL_PARAMETERS = new Set(['endpoint', 'region', 'path_style']);
/** S3's rules for a bucket name (lower case, 3–63 characters, no leading or trailing dot or hyphen). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]{1,40}$/;

const invalid = (name: string, rule: string) => new Error(`Invalid configuration: ${name} ${rule}`);

function decoded(name: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(name, 'has a malformed %-escape');
  }
}

function bucketOf(name: string, value: string): string {
  if (!BUCKET.test(value) || value.includes('..'))
    throw invalid(name, 'must name a bucket: 3 to 63 lower-case letters, digits, dots and hyphens');
  return value;
}

function prefixOf(name: string, value: string | undefined): string {
  const prefix = (value ?? '').replace(/^\/+|\/+$/g, '');
  if (!prefix) return '';
  const parts = prefix.split('/');
  // Control characters: some servers refuse such keys, and a log line with them is unreadable.
  if (parts.some((p) => p === '' || p === '.' || p === '..' || /[\\\u0000-\u001f\u007f]/.test(p)))
    throw invalid(name, 'must be a key prefix such as status/site: segments without "..", backslashes or empty parts');
  return prefix;
}

function endpointOf(name: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(name, 'must be an http(s) URL such as https://s3.example.jp');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid(name, 'must be an http(s) URL such as https://s3.example.jp');
  if (url.username || url.password)
    throw invalid(name, 'must not carry credentials: use MIRROR_S3_ACCESS_KEY_ID and MIRROR_S3_SECRET_ACCESS_KEY');
  return url.toString().replace(/\/$/, '');
}

function regionOf(name: string, value: string | undefined, env: NodeJS.ProcessEnv): string {
  const region = value || env.AWS_REGION?.trim() || 'us-east-1';
  if (!REGION.test(region)) throw invalid(name, 'must be a region name such as ap-northeast-1');
  return region;
}

function flagOf(name: string, value: string | undefined): boolean {
  const v = value?.toLowerCase();
  if (v === undefined || v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw invalid(name, 'must be 1 (path-style addresses, as MinIO and most self-hosted servers need) or 0');
}

/**
 * MIRROR_S3_URL (`s3://[KEY:SECRET@]bucket[/prefix][?endpoint=…&region=…&path_style=1]`) or the
 * separate MIRROR_S3_* variables; credentials in the URL or MIRROR_S3_ACCESS_KEY_ID and
 * MIRROR_S3_SECRET_ACCESS_KEY, else the SDK's default chain. Null when no mirror is configured.
 * Errors name the variable and never repeat a secret.
 */
export function mirrorConfigFromEnv(env: NodeJS.ProcessEnv): MirrorConfig | null {
  const get = (name: string) => env[name]?.trim() || undefined;
  const rawUrl = get('MIRROR_S3_URL');
  const separate = SEPARATE.filter((n) => get(n) !== undefined);
  if (rawUrl && separate.length)
    throw new Error(
      `Invalid configuration: MIRROR_S3_URL and ${separate.join(', ')} are both set: give the mirror's bucket one way, the URL or the separate variables`,
    );
  let keyId = get('MIRROR_S3_ACCESS_KEY_ID');
  let secret = get('MIRROR_S3_SECRET_ACCESS_KEY');
  if (!rawUrl && !separate.length) {
    if (keyId || secret)
      throw invalid(
        keyId ? 'MIRROR_S3_ACCESS_KEY_ID' : 'MIRROR_S3_SECRET_ACCESS_KEY',
        'is set but no mirror is: set MIRROR_S3_URL or MIRROR_S3_BUCKET too',
      );
    return null;
  }
  let bucket: string;
  let prefix: string;
  let endpoint: string | undefined;
  let region: string;
  let forcePathStyle: boolean;
  if (rawUrl) {
    const name = 'MIRROR_S3_URL';
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw invalid(
        name,
        'must be a URL such as s3://KEY:SECRET@bucket/prefix?endpoint=https://s3.example.jp&region=auto (percent-encode / + @ : in the key and secret)',
      );
    }
    if (url.protocol !== 's3:')
      throw invalid(
        name,
        'must start with s3:// (s3://[KEY:SECRET@]bucket[/prefix][?endpoint=…&region=…&path_style=1])',
      );
    const unknown = [...url.searchParams.keys()].filter((k) => !URL_PARAMETERS.has(k));
    if (unknown.length)
      throw invalid(name, `has unknown parameter ${unknown[0]}: only endpoint, region and path_style are understood`);
    if (url.hash) throw invalid(name, 'must not have a #fragment');
    bucket = bucketOf(name, url.hostname);
    prefix = prefixOf(name, decoded(name, url.pathname));
    endpoint = endpointOf(`${name}'s endpoint`, url.searchParams.get('endpoint') ?? undefined);
    region = regionOf(`${name}'s region`, url.searchParams.get('region') ?? undefined, env);
    forcePathStyle = flagOf(`${name}'s path_style`, url.searchParams.get('path_style') ?? undefined);
    if (url.username || url.password) {
      if (keyId || secret)
        throw invalid(
          name,
          'carries credentials and MIRROR_S3_ACCESS_KEY_ID or MIRROR_S3_SECRET_ACCESS_KEY is set too: give them one way',
        );
      if (!url.username || !url.password)
        throw invalid(name, 'must carry both the access key and the secret (s3://KEY:SECRET@bucket), or neither');
      keyId = decoded(name, url.username);
      secret = decoded(name, url.password);
    }
  } else {
    const b = get('MIRROR_S3_BUCKET');
    if (!b) throw invalid('MIRROR_S3_BUCKET', `is required when ${separate.join(', ')} is set`);
    bucket = bucketOf('MIRROR_S3_BUCKET', b);
    prefix = prefixOf('MIRROR_S3_PREFIX', get('MIRROR_S3_PREFIX'));
    endpoint = endpointOf('MIRROR_S3_ENDPOINT', get('MIRROR_S3_ENDPOINT'));
    region = regionOf('MIRROR_S3_REGION', get('MIRROR_S3_REGION'), env);
    forcePathStyle = flagOf('MIRROR_S3_FORCE_PATH_STYLE', get('MIRROR_S3_FORCE_PATH_STYLE'));
  }
  if (Boolean(keyId) !== Boolean(secret))
    throw invalid(
      keyId ? 'MIRROR_S3_SECRET_ACCESS_KEY' : 'MIRROR_S3_ACCESS_KEY_ID',
      'is missing: the access key and its secret go together',
    );
  const where = `s3://${bucket}${prefix ? `/${prefix}` : ''}`;
  return {
    bucket,
    prefix,
    endpoint,
    region,
    forcePathStyle,
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined,
    describe: endpoint ? `${where} at ${endpoint}` : where,
  };
}
