import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { dataJsonSchema, SCHEMA_FILE } from '../../api/data/json-schema.ts';

it('docs/data-format.schema.json is the schema generated from api/data/format.ts (regenerate it: node api/data/json-schema.ts)', () => {
  expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(dataJsonSchema());
});
