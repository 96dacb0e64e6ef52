import type { ConversionConfig, JsonSchema } from '@valibot/to-json-schema';
import type { ParametersSchema, ResponseSpec, RouteSpec, Schema } from './route-spec.js';

export interface DocumentSource {
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  /** Every route, with the path it is served under (`/items`). */
  routes: { basePath: string; spec: RouteSpec }[];
  /** Schemas the document names in `components.schemas`, referenced wherever they occur. */
  schemas: Record<string, Schema>;
}

const PARAMETER_LOCATIONS = { params: 'path', query: 'query', headers: 'header' } as const;

/**
 * The OpenAPI 3.1 document of the routes, their schemas converted to JSON Schema 2020-12. The
 * converter is loaded here, on the first request for the document, never at start-up: serving the
 * API does not need it.
 */
export async function openApiDocument({ info, servers, routes, schemas }: DocumentSource): Promise<Record<string, unknown>> {
  const { toJsonSchema, toJsonSchemaDefs } = await import('@valibot/to-json-schema');
  const config: ConversionConfig = {
    target: 'draft-2020-12',
    // Query parameters are strings turned into numbers: the document describes what they become.
    typeMode: 'output',
    definitions: schemas,
    overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
    // A resource's checks across fields have no JSON Schema; its description names them.
    ignoreActions: ['raw_check'],
  };
  const convert = (schema: Schema): JsonSchema => {
    const { $schema: _, $defs: __, ...json } = toJsonSchema(schema, config);
    return json;
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { basePath, spec } of routes) {
    const path = `${basePath}${spec.path === '/' ? '' : spec.path}`;
    paths[path] = { ...paths[path], [spec.method]: operation(spec, convert) };
  }
  return { openapi: '3.1.0', info, servers, paths, components: { schemas: toJsonSchemaDefs(schemas, config) } };
}

function operation(spec: RouteSpec, convert: (schema: Schema) => JsonSchema): Record<string, unknown> {
  const { params, query, headers, body } = spec.request;
  const parameters = (
    [
      ['params', params],
      ['query', query],
      ['headers', headers],
    ] as const
  ).flatMap(([part, schema]) => (schema ? parametersOf(PARAMETER_LOCATIONS[part], schema, convert) : []));
  return {
    ...(spec.tags && { tags: spec.tags }),
    summary: spec.summary,
    ...(spec.description && { description: spec.description }),
    ...(parameters.length > 0 && { parameters }),
    ...(body && { requestBody: { required: true, content: { 'application/json': { schema: convert(body.schema) } } } }),
    responses: Object.fromEntries(Object.entries(spec.responses).map(([status, response]) => [status, responseOf(response, convert)])),
  };
}

function parametersOf(location: 'path' | 'query' | 'header', schema: ParametersSchema, convert: (schema: Schema) => JsonSchema) {
  return Object.entries(schema.entries).map(([name, entry]) => {
    const { description, ...json } = convert(entry) as JsonSchema & { description?: string };
    return {
      name,
      in: location,
      required: location === 'path' || (entry.type !== 'optional' && entry.type !== 'exact_optional'),
      ...(description && { description }),
      schema: json,
    };
  });
}

function responseOf({ description, headers, content }: ResponseSpec, convert: (schema: Schema) => JsonSchema) {
  return {
    description,
    ...(headers && { headers }),
    ...(content && {
      content: Object.fromEntries(Object.entries(content).map(([mediaType, { schema }]) => [mediaType, { schema: convert(schema) }])),
    }),
  };
}
