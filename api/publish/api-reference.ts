/**
 * The OpenAPI document as a reference page needs it: each operation with its parameters and
 * body fields, their types in words, in document order. Pure over the document, so the page
 * shows exactly what `/api/v1/openapi.json` says.
 */
export interface ApiField {
  name: string;
  /** `query`, `path`, `header`, or `body`. */
  in: string;
  type: string;
  required: boolean;
  description: string;
}

export interface ApiOperation {
  /** `get-api-v1-incidents-id`: stable, for anchors. */
  id: string;
  method: string;
  path: string;
  summary: string;
  tag: string;
  requiresToken: boolean;
  parameters: ApiField[];
  body: ApiField[];
  responses: Array<{ status: string; description: string }>;
}

export interface ApiReference {
  title: string;
  version: string;
  openapi: string;
  operations: ApiOperation[];
}

type Schema = Record<string, any>;
type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths?: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

function resolve(schema: Schema | undefined, doc: Doc): Schema {
  let s = schema ?? {};
  for (let depth = 0; typeof s.$ref === 'string' && depth < 10; depth++)
    s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {};
  return s;
}

const bounds = (s: Schema, unit: string) => {
  const [min, max] = unit === 'chars' ? [s.minLength, s.maxLength] : [s.minimum, s.maximum];
  if (min === undefined && max === undefined) return '';
  return ` (${min ?? ''}–${max ?? ''}${unit === 'chars' ? ' chars' : ''})`;
};

/** A schema's type in a few words: `"a" | "b"`, `string (1–200 chars) | null`, `array of string`, `object: string → "x" | "y"`. */
export function describeType(schema: Schema | undefined, doc: Doc): string {
  const s = resolve(schema, doc);
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  if ('const' in s) return JSON.stringify(s.const);
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map((u: Schema) => describeType(u, doc)).join(' | ');
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length === 0) return 'any';
  return types
    .map((t) => {
      if (t === 'string') return `string${s.format ? ` (${s.format})` : ''}${bounds(s, 'chars')}`;
      if (t === 'integer' || t === 'number') return `${t}${bounds(s, 'value')}`;
      if (t === 'array') return `array of ${describeType(s.items, doc)}`;
      if (t === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object')
        return `object: string → ${describeType(s.additionalProperties, doc)}`;
      return t;
    })
    .join(' | ');
}

function bodyFields(operation: Record<string, any>, doc: Doc): ApiField[] {
  const schema = resolve(operation.requestBody?.content?.['application/json']?.schema, doc);
  const required = new Set<string>(schema.required ?? []);
  return Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(([name, prop]) => ({
    name,
    in: 'body',
    type: describeType(prop, doc),
    required: required.has(name),
    description: resolve(prop, doc).description ?? '',
  }));
}

export function apiReference(doc: Doc): ApiReference {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method): ApiOperation => {
      const op = item[method];
      return {
        id: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, ''),
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        tag: op.tags?.[0] ?? '',
        requiresToken: Array.isArray(op.security) && op.security.length > 0,
        parameters: ((op.parameters ?? []) as Schema[]).map((p) => ({
          name: p.name,
          in: p.in,
          type: describeType(p.schema, doc),
          required: Boolean(p.required),
          description: p.description ?? '',
        })),
        body: bodyFields(op, doc),
        responses: Object.entries((op.responses ?? {}) as Record<string, { description?: string }>).map(
          ([status, r]) => ({ status, description: r.description ?? '' }),
        ),
      };
    }),
  );
  return { title: doc.info.title, version: doc.info.version, openapi: doc.openapi, operations };
}
