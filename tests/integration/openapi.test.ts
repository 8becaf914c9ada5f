import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { createApp } from '../../api/http/app.ts';
import { openApiDocument, servedOperations } from '../../api/http/openapi-document.ts';
import { apiReference, describeType } from '../../api/publish/api-reference.ts';
import { settingsFrom } from '../support/settings.ts';

const SETTINGS = settingsFrom();

describe('the OpenAPI document of /api/v1', () => {
  const document = openApiDocument(SETTINGS);

  it('is valid OpenAPI 3.1 by an independent validator', async () => {
    expect(document.openapi).toBe('3.1.0');
    // The validator dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
    // …and the validator does refuse a broken one (a response without its required description).
    const broken = structuredClone(document) as any;
    delete broken.paths['/api/v1/incidents'].get.responses['200'].description;
    await expect(SwaggerParser.validate(broken)).rejects.toThrow();
  });

  it('documents the warnings an incident post may answer with', () => {
    for (const path of ['/api/v1/incidents', '/api/v1/incidents/{id}/updates']) {
      const schema = (document.paths as any)[path].post.responses['201'].content['application/json'].schema;
      expect(schema.properties.warnings.items).toMatchObject({
        required: ['field', 'detail'],
        properties: { field: { type: 'string' }, detail: { type: 'string' } },
      });
    }
  });

  it('lists every route the app answers, with the same methods', () => {
    const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method} ${path}`),
    );
    const served = [...new Set(servedOperations(SETTINGS))].filter((op) => op !== 'get /api/v1/openapi.json');
    expect(served.length).toBeGreaterThan(10);
    expect(documented.sort()).toEqual(served.sort());
  });

  it('is the document the running API serves at /api/v1/openapi.json', async () => {
    const app = createApp({
      db: undefined as unknown as Db,
      now: () => new Date('2026-11-24T10:00:00+09:00'),
      adminToken: undefined,
      settings: SETTINGS,
    });
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('describes request bodies from the zod schemas that validate them', () => {
    const reference = apiReference(document as never);
    const create = reference.operations.find((o) => o.method === 'POST' && o.path === '/api/v1/incidents')!;
    expect(create.requiresToken).toBe(true);
    const fields = Object.fromEntries(create.body.map((f) => [f.name, f]));
    expect(fields.name).toMatchObject({ required: true, type: 'string (1–200 chars)' });
    expect(fields.name_en!.type).toBe('string (1–200 chars) | null');
    expect(fields.components!.type).toMatch(/^object: string → "operational" \| "degraded_performance"/);
    const list = reference.operations.find((o) => o.method === 'GET' && o.path === '/api/v1/incidents')!;
    expect(list.requiresToken).toBe(false);
    expect(list.parameters.map((p) => [p.name, p.in, p.type])).toEqual([
      ['status', 'query', '"unresolved" | "resolved" | "all"'],
      ['limit', 'query', 'integer (1–500)'],
    ]);
  });

  it('puts each type in words, following references', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      components: { schemas: { Day: { type: 'string', format: 'date' } } },
    };
    expect(describeType({ $ref: '#/components/schemas/Day' }, doc)).toBe('string (date)');
    expect(describeType({ type: 'array', items: { type: 'integer', minimum: 0 } }, doc)).toBe('array of integer (0–)');
    expect(describeType({ anyOf: [{ const: 'a' }, { type: 'null' }] }, doc)).toBe('"a" | null');
    expect(describeType(undefined, doc)).toBe('any');
  });
});
