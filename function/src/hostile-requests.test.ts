import { useItemsTable } from '@items-api/test-support/items-table';
import { storedRecords } from '@items-api/test-support/stored-records';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from './app.js';

// Property: whatever a client sends — requests built from the OpenAPI document's own operations and
// schemas, with values inside and outside every constraint, wrong types, broken JSON, stray bytes,
// odd headers and methods — the API never answers 5xx, every error is problem+json, and the table
// holds exactly what the accepted requests wrote.
const table = useItemsTable('hostile');
const RUNS = 2_000;

interface Operation {
  method: string;
  path: string;
}

interface JsonSchema {
  type?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** A field's values: inside its constraints, at their edges, and just outside them. */
function fieldValues(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.type === 'string') {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? 50;
    return fc.oneof(
      fc.string({ minLength: min, maxLength: Math.min(max, 40) }),
      fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 20) }),
      fc.constant('x'.repeat(max)),
      fc.constant('x'.repeat(max + 1)),
      fc.constant(''),
      fc.integer(),
      fc.constant(null),
    );
  }
  if (schema.type === 'integer') {
    const min = schema.minimum ?? Number.MIN_SAFE_INTEGER;
    const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
    return fc.oneof(
      fc.integer({ min: Math.max(min, -1e6), max: Math.min(max, 1e6) }),
      fc.constantFrom(min, max, min - 1, max + 1, 2 ** 53, -0, 1.5, Number.MAX_VALUE),
      fc.string({ maxLength: 5 }),
      fc.constant(null),
    );
  }
  return fc.anything();
}

/** Bodies: the item schema's fields (each sometimes missing), plus extras, envelopes and garbage. */
function bodies(item: JsonSchema): fc.Arbitrary<{ contentType: string | undefined; bytes: Uint8Array | string | undefined }> {
  const fields = Object.fromEntries(Object.entries(item.properties ?? {}).map(([name, schema]) => [name, fieldValues(schema)]));
  const object = fc.record({ ...fields, id: fc.string(), extra: fc.anything() }, { requiredKeys: [] });
  const json = fc.oneof(
    object,
    object.map((inner) => ({ item: inner })),
    fc.anything(),
  );
  // Valid items too, within every constraint of the schema, so that accepted writes happen and the
  // table has something to hold; unknown fields ride along and must be dropped.
  const name = item.properties!.name!;
  const valid = fc.record({
    name: fc
      .string({ minLength: Math.max(1, name.minLength ?? 1), maxLength: Math.min(name.maxLength ?? 50, 60) })
      .filter((s) => s.length >= 1),
    price: fc.integer({ min: item.properties!.price!.minimum ?? 0, max: 1e9 }),
    description: fc.string({ maxLength: 80 }),
    smuggled: fc.string(),
  });
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .oneof(
          valid,
          valid.map((inner) => ({ item: inner })),
        )
        .map((value) => ({ contentType: 'application/json', bytes: JSON.stringify(value) })),
    },
    json.map((value) => ({ contentType: 'application/json', bytes: JSON.stringify(value) ?? 'null' })),
    fc.string().map((text) => ({ contentType: 'application/json', bytes: text })),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ contentType: 'application/json', bytes })),
    fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', undefined)
      .map((contentType) => ({
        contentType,
        bytes: '{"name":"x","price":1}',
      })),
    fc.constant({ contentType: 'application/json', bytes: JSON.stringify({ name: 'big', price: 1, description: 'x'.repeat(70_000) }) }),
    fc.constant({ contentType: undefined, bytes: undefined }),
  );
}

describe('hostile requests built from the OpenAPI document', () => {
  it(`never get a 5xx, always get problem+json errors, and store exactly what was accepted (${RUNS} requests)`, {
    timeout: 300_000,
  }, async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const app = createApp({ stores: { items: table.store() } });
    const document = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, JsonSchema> };
    };
    const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    expect(operations).toHaveLength(5);
    const headerNames = [
      ...new Set(
        Object.values(document.paths).flatMap((methods) =>
          Object.values(methods).flatMap((operation) =>
            ((operation as { parameters?: { name: string; in: string }[] }).parameters ?? [])
              .filter((p) => p.in === 'header')
              .map((p) => p.name),
          ),
        ),
      ),
    ].sort();
    expect(headerNames).toEqual(['idempotency-key', 'if-match', 'if-none-match']);

    const model = new Map<string, Record<string, unknown>>();
    const knownIds = (): string[] => [...model.keys()];
    const request = fc.record({
      operation: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...operations) },
        {
          weight: 1,
          arbitrary: fc.record({
            method: fc.constantFrom('PATCH', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'),
            path: fc.constantFrom('/items', '/items/{id}', '/', '/nope'),
          }),
        },
      ),
      id: fc.oneof(fc.constant('known'), fc.uuid(), fc.string({ maxLength: 40 }), fc.constant('A'.repeat(3000))),
      pick: fc.nat(),
      trailingSlash: fc.boolean(),
      query: fc.oneof(
        fc.constant(''),
        fc
          .record(
            {
              limit: fc.oneof(fc.integer({ min: -5, max: 1_005 }), fc.string({ maxLength: 6 })),
              cursor: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 30 }), fc.base64String({ maxLength: 40 })),
            },
            { requiredKeys: [] },
          )
          .map((q) =>
            new URLSearchParams(
              Object.entries(q)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, String(v)]),
            ).toString(),
          ),
      ),
      // Every header parameter the document declares, with values fit and unfit for it.
      headers: fc.record(
        Object.fromEntries(
          headerNames.map((name) => [
            name,
            fc.oneof(
              fc.constantFrom('*', '"1"', '"2"', 'W/"1"', '"x"', '', '"1", "2"', 'k-1', 'k-2', 'with space'),
              fc.integer({ min: 1, max: 130 }).map((n) => Array.from({ length: n }, (_, i) => `"${i + 1}"`).join(', ')),
              fc.string({ maxLength: 300 }).filter((value) => /^[\x20-\x7e]*$/.test(value)),
            ),
          ]),
        ),
        { requiredKeys: [] },
      ),
      body: bodies(document.components.schemas.ItemInput!),
    });

    let checked = 0;
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const ids = knownIds();
        const id = r.id === 'known' && ids.length > 0 ? ids[r.pick % ids.length]! : r.id === 'known' ? crypto.randomUUID() : r.id;
        const path = r.operation.path.replace('{id}', encodeURIComponent(id)) + (r.trailingSlash ? '/' : '');
        const headers: Record<string, string> = { ...(r.headers as Record<string, string>) };
        if (r.body.contentType) headers['content-type'] = r.body.contentType;
        const hasBody = r.body.bytes !== undefined && !['GET', 'HEAD'].includes(r.operation.method);
        const response = await app.request(`${path}${r.query ? `?${r.query}` : ''}`, {
          method: r.operation.method,
          headers,
          ...(hasBody && { body: r.body.bytes as BodyInit }),
        });
        checked += 1;
        seen.add(response.status);
        expect(response.status, `${r.operation.method} ${path}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type')).toBe('application/problem+json');
          if (r.operation.method !== 'HEAD') expect(((await response.json()) as { status: number }).status).toBe(response.status);
        }
        const body =
          response.status === 200 || response.status === 201
            ? await response
                .clone()
                .json()
                .catch(() => undefined)
            : undefined;
        const onItem = /^\/items\/[^/]+\/?$/.test(path);
        // A replayed keyed create answers with the item as first created, whatever became of it since.
        if (r.operation.method === 'POST' && response.status === 201 && !response.headers.get('idempotent-replayed'))
          model.set(body.id, body);
        if (r.operation.method === 'PUT' && onItem && response.status === 200) model.set(body.id, body);
        if (r.operation.method === 'DELETE' && onItem && response.status === 204) model.delete(decodeURIComponent(path.split('/')[2]!));
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBeGreaterThanOrEqual(RUNS);
    // The generated requests reached every kind of answer, accepted and refused.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 201, 204, 400, 404, 405, 412, 413, 415, 422]));

    const stored = new Map((await storedRecords(table.client, table.name)).map((item) => [item.id as string, item]));
    expect([...stored.keys()].sort()).toEqual([...model.keys()].sort());
    for (const [id, item] of model) expect(stored.get(id)).toEqual(item);
    expect(model.size).toBeGreaterThan(10);
  });
});
