import { describe, expect, it } from 'vitest';
import { targetFromEnv } from '../../db/client.ts';

describe('the database a server opens, read from its environment', () => {
  it('is PostgreSQL with DATABASE_URL, else PGlite under DATA_DIR/pglite, else in memory with DATA_DIR=memory', () => {
    expect(targetFromEnv({ DATABASE_URL: 'postgres://db.example/shirase', DATA_DIR: '/srv/x' })).toEqual({
      kind: 'postgres',
      url: 'postgres://db.example/shirase',
    });
    expect(targetFromEnv({ DATA_DIR: '/srv/shirase' })).toEqual({ kind: 'pglite', dataDir: '/srv/shirase/pglite' });
    expect(targetFromEnv({ DATA_DIR: 'memory' })).toEqual({ kind: 'pglite', dataDir: null });
  });

  it('starts an in-memory database or a new folder from the suite’s migrated dump (SHIRASE_TEST_PGLITE_DUMP)', () => {
    expect(targetFromEnv({ DATA_DIR: 'memory', SHIRASE_TEST_PGLITE_DUMP: '/tmp/migrated.tar' })).toEqual({
      kind: 'pglite',
      dataDir: null,
      dump: '/tmp/migrated.tar',
    });
    expect(targetFromEnv({ DATA_DIR: '/srv/shirase', SHIRASE_TEST_PGLITE_DUMP: '/tmp/migrated.tar' })).toEqual({
      kind: 'pglite',
      dataDir: '/srv/shirase/pglite',
      dump: '/tmp/migrated.tar',
    });
  });
});
