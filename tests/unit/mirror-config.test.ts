import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/server/config.ts';
import { mirrorConfigFromEnv } from '../../api/server/mirror-config.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz';

/** The message of the refusal, which must name the variable and never repeat the secret. */
function refusal(env: NodeJS.ProcessEnv): string {
  try {
    mirrorConfigFromEnv(env);
  } catch (err) {
    expect((err as Error).message).not.toContain(SECRET);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(env)}`);
}

describe('the mirror configuration', () => {
  it('is off when no MIRROR_S3_ variable is set, or only blank ones', () => {
    expect(mirrorConfigFromEnv({})).toBeNull();
    expect(mirrorConfigFromEnv({ MIRROR_S3_URL: '  ', MIRROR_S3_BUCKET: '' })).toBeNull();
  });

  it('reads MIRROR_S3_URL with its credentials, prefix, endpoint, region and path style, and describes it without the secret', () => {
    const config = mirrorConfigFromEnv({
      MIRROR_S3_URL: `s3://AKIA1:${encodeURIComponent(SECRET)}@status-dr/site/ja/?endpoint=https://s3.example.jp:9000&region=ap-northeast-1&path_style=1`,
    })!;
    expect(config).toMatchObject({
      bucket: 'status-dr',
      prefix: 'site/ja',
      endpoint: 'https://s3.example.jp:9000',
      region: 'ap-northeast-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIA1', secretAccessKey: SECRET },
    });
    expect(config.describe).toBe('s3://status-dr/site/ja at https://s3.example.jp:9000');
  });

  it('reads the separate variables, and leaves credentials to the SDK when none are given', () => {
    const config = mirrorConfigFromEnv({
      MIRROR_S3_BUCKET: 'status-dr',
      MIRROR_S3_PREFIX: '/public/',
      AWS_REGION: 'eu-west-1',
    })!;
    expect(config).toMatchObject({
      bucket: 'status-dr',
      prefix: 'public',
      endpoint: undefined,
      region: 'eu-west-1',
      forcePathStyle: false,
      credentials: undefined,
    });
    expect(
      mirrorConfigFromEnv({
        MIRROR_S3_BUCKET: 'b-1',
        MIRROR_S3_ACCESS_KEY_ID: 'AKIA1',
        MIRROR_S3_SECRET_ACCESS_KEY: SECRET,
        MIRROR_S3_FORCE_PATH_STYLE: 'true',
      }),
    ).toMatchObject({ region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIA1' } });
  });

  it('is checked with the rest of the configuration at start-up', () => {
    expect(loadConfig({}).mirror).toBeNull();
    expect(() => loadConfig({ MIRROR_S3_URL: `s3://KEY:${encodeURIComponent(SECRET)}@site?path_stlye=1` })).toThrow(
      /^Invalid configuration: MIRROR_S3_URL has unknown parameter path_stlye/,
    );
    expect(loadConfig({ MIRROR_S3_BUCKET: 'status-dr' }).mirror?.bucket).toBe('status-dr');
  });

  it('refuses a bad value with a sentence naming the variable, never the secret', () => {
    const encoded = encodeURIComponent(SECRET);
    const url = (rest: string) => ({ MIRROR_S3_URL: `s3://AKIA1:${encoded}@${rest}` });
    // A secret with / or + written as is: the URL does not parse, and the message says how to write it.
    expect(refusal({ MIRROR_S3_URL: `s3://AKIA1:${SECRET}@bucket` })).toMatch(
      /MIRROR_S3_URL must be a URL .*percent-encode/,
    );
    expect(refusal({ MIRROR_S3_URL: `https://AKIA1:${encoded}@bucket` })).toMatch(
      /^Invalid configuration: MIRROR_S3_URL must start with s3:\/\//,
    );
    expect(refusal(url('bucket/a%ZZ'))).toMatch(/MIRROR_S3_URL has a malformed %-escape/);
    expect(refusal(url('Bucket_1'))).toMatch(/MIRROR_S3_URL must name a bucket/);
    expect(refusal(url('bucket?endpoint=ftp://x'))).toMatch(/MIRROR_S3_URL's endpoint must be an http\(s\) URL/);
    expect(refusal(url('bucket?regoin=x'))).toMatch(/MIRROR_S3_URL has unknown parameter regoin/);
    expect(refusal(url('bucket?path_style=yes'))).toMatch(/MIRROR_S3_URL's path_style must be 1/);
    expect(refusal(url('bucket/a%5Cb'))).toMatch(/MIRROR_S3_URL must be a key prefix/);
    expect(refusal({ MIRROR_S3_URL: `s3://:${encoded}@bucket` })).toMatch(/MIRROR_S3_URL must carry both/);
    expect(
      refusal({ ...url('bucket'), MIRROR_S3_ACCESS_KEY_ID: 'AKIA2', MIRROR_S3_SECRET_ACCESS_KEY: SECRET }),
    ).toMatch(/MIRROR_S3_URL carries credentials and MIRROR_S3_ACCESS_KEY_ID/);
    expect(refusal({ ...url('bucket'), MIRROR_S3_BUCKET: 'other' })).toMatch(
      /MIRROR_S3_URL and MIRROR_S3_BUCKET are both set/,
    );
    expect(refusal({ MIRROR_S3_PREFIX: 'site' })).toMatch(/MIRROR_S3_BUCKET is required/);
    expect(refusal({ MIRROR_S3_BUCKET: 'b', MIRROR_S3_REGION: 'x' })).toMatch(/MIRROR_S3_BUCKET must name a bucket/);
    expect(refusal({ MIRROR_S3_BUCKET: 'bucket', MIRROR_S3_ENDPOINT: 'minio:9000' })).toMatch(
      /MIRROR_S3_ENDPOINT must be an http\(s\) URL/,
    );
    expect(refusal({ MIRROR_S3_BUCKET: 'bucket', MIRROR_S3_REGION: 'Tokyo!' })).toMatch(
      /MIRROR_S3_REGION must be a region/,
    );
    expect(refusal({ MIRROR_S3_BUCKET: 'bucket', MIRROR_S3_FORCE_PATH_STYLE: 'on' })).toMatch(
      /MIRROR_S3_FORCE_PATH_STYLE must be 1/,
    );
    expect(refusal({ MIRROR_S3_BUCKET: 'bucket', MIRROR_S3_SECRET_ACCESS_KEY: SECRET })).toMatch(
      /MIRROR_S3_ACCESS_KEY_ID is missing/,
    );
    expect(refusal({ MIRROR_S3_ACCESS_KEY_ID: 'AKIA1' })).toMatch(/MIRROR_S3_ACCESS_KEY_ID is set but no mirror is/);
  });
});
