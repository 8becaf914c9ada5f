import { describe, expect, it } from 'vitest';
import { webhookOptionsFromEnv } from '../../api/server/webhook-config.ts';

describe('webhook configuration', () => {
  it('refuses private targets, waits 5 s to connect and 10 s in all, and reads 64 KiB of an answer by default', () => {
    expect(webhookOptionsFromEnv({})).toEqual({
      allowPrivate: false,
      connectTimeoutMs: 5_000,
      requestTimeoutMs: 10_000,
      maxResponseBytes: 65_536,
    });
  });

  it('WEBHOOK_ALLOW_PRIVATE=1 allows private targets; 0 and empty keep them refused', () => {
    expect(webhookOptionsFromEnv({ WEBHOOK_ALLOW_PRIVATE: '1' }).allowPrivate).toBe(true);
    expect(webhookOptionsFromEnv({ WEBHOOK_ALLOW_PRIVATE: 'true' }).allowPrivate).toBe(true);
    expect(webhookOptionsFromEnv({ WEBHOOK_ALLOW_PRIVATE: '0' }).allowPrivate).toBe(false);
    expect(webhookOptionsFromEnv({ WEBHOOK_ALLOW_PRIVATE: ' ' }).allowPrivate).toBe(false);
  });

  it('a value it cannot read is named, never taken as a yes', () => {
    expect(() => webhookOptionsFromEnv({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
    expect(() => webhookOptionsFromEnv({ WEBHOOK_TIMEOUT_MS: '10s' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
    expect(() => webhookOptionsFromEnv({ WEBHOOK_MAX_RESPONSE_BYTES: '-1' })).toThrow(/WEBHOOK_MAX_RESPONSE_BYTES/);
    expect(() => webhookOptionsFromEnv({ WEBHOOK_CONNECT_TIMEOUT_MS: '20000', WEBHOOK_TIMEOUT_MS: '10000' })).toThrow(
      /WEBHOOK_CONNECT_TIMEOUT_MS must not exceed WEBHOOK_TIMEOUT_MS/,
    );
  });
});
