import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { shiraseData } from './format.ts';

export const SCHEMA_FILE = path.join(import.meta.dirname, '../../docs/data-format.schema.json');

/**
 * docs/data-format.schema.json, from the zod schema that checks every import: what a file may hold
 * (`io: 'input'`: a field with a default may be left out). The references between records and the
 * text rules beyond length (control characters, bidi controls) are zod's refinements, which JSON
 * Schema cannot say; docs/data-format.md does.
 */
export function dataJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(shiraseData, { io: 'input', target: 'draft-2020-12' });
}

// After a change to format.ts: `node api/data/json-schema.ts && biome format --write docs/data-format.schema.json`.
if (import.meta.main) writeFileSync(SCHEMA_FILE, `${JSON.stringify(dataJsonSchema(), null, 2)}\n`);
