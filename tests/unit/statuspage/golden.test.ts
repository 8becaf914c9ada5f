import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildStatuspageDocuments, STATUSPAGE_PATHS } from '../../../api/publish/formats/statuspage/index.ts';
import { MAINTENANCES, MODEL, NOW, PAGE } from './fixture.ts';

/**
 * The reviewed bodies live in tests/fixtures/golden/statuspage/, one file per endpoint, at the
 * endpoint's own path. To accept a deliberate change, run with UPDATE_GOLDEN=1, then read the
 * diff against shared/docs/statuspage-v2.md before committing it.
 */
const GOLDEN_ROOT = fileURLToPath(new URL('../../fixtures/golden/statuspage/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const goldenFile = (path: string) => GOLDEN_ROOT + path.replace(/^\/api\/v2\//, '');

describe('the /api/v2 documents for the fixture page', () => {
  const documents = buildStatuspageDocuments(MODEL, PAGE, MAINTENANCES, NOW);

  for (const path of STATUSPAGE_PATHS) {
    it(`serves ${path} exactly as the reviewed golden file`, () => {
      const actual = `${JSON.stringify(documents[path], null, 2)}\n`;
      const file = goldenFile(path);
      if (UPDATE) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, actual);
      }
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('builds byte-identical documents from the same input, whatever order maintenances arrive in', () => {
    const again = buildStatuspageDocuments(MODEL, PAGE, [...MAINTENANCES].reverse(), NOW);
    expect(JSON.stringify(again)).toBe(JSON.stringify(documents));
  });
});
