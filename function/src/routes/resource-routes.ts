import {
  type Fields,
  type HistoryStore,
  MAX_CONDITION_VERSIONS,
  PreconditionFailedError,
  type RecordStore,
  type VersionCondition,
} from '@items-api/dynamodb-records';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { etagOf, ifMatchCondition, ifMatchHolds, noneMatchHolds } from '../http/etags.js';
import { childLocation, nextPageLink } from '../http/links.js';
import { ProblemError, problemContent } from '../http/problems.js';
import { requestPath } from '../http/request-path.js';
import { type Route, route, routeSpec } from '../openapi/route-spec.js';
import type { AnyResource } from '../resources/resource.js';
import { historyRoute } from './history-route.js';
import { type ListQuery, listQueryOf } from './list-query.js';
import { IdempotencyKeyHeadersSchema, IdParamsSchema, IfMatchHeadersSchema, ReadHeadersSchema } from './request-schemas.js';
import { type ResourceSchemas, resourceSchemas } from './resource-schemas.js';

/** The five routes every resource gets, by what they do: a resource may replace one (see `Resource.routes`). */
export interface GenericRoutes {
  list: Route;
  create: Route;
  get: Route;
  replace: Route;
  delete: Route;
  /** `GET /{resource}/{id}/history`, for a resource that declares `history` when the app has a history store. */
  history?: Route;
}

/** No shared cache may keep a resource's records: they change (clients revalidate with If-None-Match). */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
};

/**
 * The routes a resource is served with: the five every resource gets — list a page, create, read,
 * replace, delete, with ETags, conditional writes, idempotent creates and `Link` pagination — and, for
 * a resource that keeps its history, that history (given where it is kept), or what its own `routes`
 * makes of them. Handlers only translate between HTTP and the stores.
 */
export function resourceRoutes(resource: AnyResource, store: RecordStore<Fields>, history?: HistoryStore): Route[] {
  const generic = genericRoutes(resource, store, history);
  return resource.routes ? resource.routes(generic, store) : Object.values(generic);
}

function genericRoutes(resource: AnyResource, store: RecordStore<Fields>, history: HistoryStore | undefined): GenericRoutes {
  const schemas = resourceSchemas(resource);
  const listQuery = listQueryOf(resource);
  const specs = resourceRouteSpecs(resource, schemas, listQuery);
  return {
    list: route(specs.list, async (c, { query }) => {
      const request = listQuery.read(query, Object.keys(c.req.queries()));
      const page = request.kind === 'query' ? await store.query(request) : await store.list(request);
      if (page.nextCursor) c.header('Link', nextPageLink({ limit: request.limit, cursor: page.nextCursor }, c.req.query()));
      return c.json(page.items, 200);
    }),
    create: route(specs.create, async (c, { headers, body }) => {
      const input = schemas.fieldsOf(body);
      const key = headers['idempotency-key'];
      const { item, replayed } = key ? await store.createOnce(input, key) : { item: await store.create(input), replayed: false };
      if (replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Location', childLocation(requestPath(c), item.id));
      c.header('ETag', etagOf(item.version));
      return c.json(item, 201);
    }),
    get: route(specs.get, async (c, { params, headers }) => {
      const item = await store.get(params.id);
      if (!ifMatchHolds(headers['if-match'], item.version)) throw new PreconditionFailedError(resource.entity, item.id);
      c.header('ETag', etagOf(item.version));
      if (noneMatchHolds(headers['if-none-match'], item.version)) return c.body(null, 304);
      return c.json(item, 200);
    }),
    replace: route(specs.replace, async (c, { params, body }) => {
      const item = await store.replace(params.id, schemas.fieldsOf(body), writePrecondition(c));
      c.header('ETag', etagOf(item.version));
      return c.json(item, 200);
    }),
    delete: route(specs.delete, async (c, { params }) => {
      await store.delete(params.id, writePrecondition(c));
      return c.body(null, 204);
    }),
    ...(resource.history && history && { history: historyRoute(resource, store, history) }),
  };
}

function resourceRouteSpecs(resource: AnyResource, schemas: ResourceSchemas, listQuery: ListQuery) {
  const { entity, name: tag } = resource;
  const one = entity.toLowerCase();
  const a = /^[aeiou]/.test(one) ? 'an' : 'a';
  const fieldList = Object.keys(resource.fields)
    .map((field) => `\`${field}\``)
    .join(', ');
  // The body is the fields or the envelope; errors are those of the one the client sent.
  const body = { schema: schemas.body, optionOf: schemas.bodyOption };
  const unique: readonly string[] = resource.unique ?? [];
  const uniqueList = unique.map((field) => `\`${field}\``).join(' or ');
  const taken = unique.length > 0 && {
    409: problemContent(`Another ${one} has this ${uniqueList}: the problem's \`errors\` name the field`),
  };
  const storeUnavailable = { 503: problemContent('The store is unavailable; retry after `Retry-After` seconds') };
  const bodyProblems = {
    400: problemContent('The body is not a JSON object'),
    415: problemContent('The `Content-Type` is not JSON (a body sent without one is read as JSON)'),
    422: problemContent('Invalid fields, each listed in `errors`'),
  };
  const etagHeader = {
    ETag: {
      description: `The ${one}'s version, quoted: a strong entity tag for \`If-Match\` and \`If-None-Match\`.`,
      schema: { type: 'string' },
    },
  } as const;
  const recordJson = (description: string) => ({
    description,
    headers: etagHeader,
    // Read when the document is made, not at init (see `resourceSchemas`).
    content: {
      'application/json': {
        get schema() {
          return schemas.record;
        },
      },
    },
  });
  const preconditionFailed = { 412: problemContent(`\`If-Match\` does not name the current version (or the ${one} is gone)`) };
  const notFound = { 404: problemContent(`No such ${one}`) };
  return {
    list: routeSpec({
      method: 'get',
      path: '/',
      tags: [tag],
      summary: `List ${resource.name}, a page at a time`,
      description:
        `Returns a bare JSON array. When more ${resource.name} remain, a \`Link: <…>; rel="next"\` header carries the ` +
        `next page as a URI reference relative to this request; following it until it is absent returns every ${one} once. ` +
        `With no filter, every ${one}, in no particular order. ${listQuery.queryable} A query lists the ${resource.name} of one ` +
        "partition of an index, in its sort field's order; an index is eventually consistent: a write may show a moment later " +
        `than in \`GET /${resource.name}/{id}\`. A parameter that cannot be queried is refused (400), never ignored.`,
      request: { query: listQuery.schema, queryHelp: listQuery.queryable },
      responses: {
        200: {
          description: `One page of ${resource.name}`,
          headers: { Link: { description: 'The next page, `rel="next"`, when more remain.', schema: { type: 'string' } } },
          content: {
            'application/json': {
              get schema() {
                return schemas.list;
              },
            },
          },
        },
        400: problemContent(
          'Invalid `limit` or `cursor` (or a cursor of another query), or a parameter that cannot be queried: `errors` names it, `detail` says what can be',
        ),
        ...storeUnavailable,
      },
    }),
    create: routeSpec({
      method: 'post',
      path: '/',
      tags: [tag],
      summary: `Create ${a} ${one}`,
      request: { headers: IdempotencyKeyHeadersSchema, body },
      responses: {
        201: {
          ...recordJson(`The stored ${one} (or, for a repeated \`Idempotency-Key\`, the one first stored)`),
          headers: {
            ...etagHeader,
            Location: { description: `The new ${one}, relative to this request.`, schema: { type: 'string' } },
            'Idempotent-Replayed': { description: '`true` when this answers a repeat of an earlier request.', schema: { type: 'string' } },
          },
        },
        ...bodyProblems,
        422: problemContent('Invalid fields, each listed in `errors`; or an `Idempotency-Key` already used for other fields'),
        ...taken,
        ...storeUnavailable,
      },
    }),
    get: routeSpec({
      method: 'get',
      path: '/{id}',
      tags: [tag],
      summary: `Read ${a} ${one}`,
      request: { params: IdParamsSchema, headers: ReadHeadersSchema },
      responses: {
        200: recordJson(`The ${one}`),
        304: { description: 'Not modified: still at the version `If-None-Match` names', headers: etagHeader },
        412: problemContent('`If-Match` does not name the current version'),
        ...notFound,
        ...storeUnavailable,
      },
    }),
    replace: routeSpec({
      method: 'put',
      path: '/{id}',
      tags: [tag],
      summary: `Replace ${a} ${one}`,
      description:
        `Replaces ${fieldList} of an existing ${one} and moves its version on. Never creates one. ` +
        'With `If-Match`, only if it is still at that version: of concurrent writers sending the same `ETag`, one wins.',
      request: { params: IdParamsSchema, headers: IfMatchHeadersSchema, body },
      responses: {
        200: recordJson(`The replaced ${one}`),
        ...bodyProblems,
        ...notFound,
        ...preconditionFailed,
        ...taken,
        ...storeUnavailable,
      },
    }),
    delete: routeSpec({
      method: 'delete',
      path: '/{id}',
      tags: [tag],
      summary: `Delete ${a} ${one}`,
      description: 'With `If-Match`, only if it is still at that version.',
      request: { params: IdParamsSchema, headers: IfMatchHeadersSchema },
      responses: {
        204: { description: 'Deleted' },
        ...notFound,
        ...preconditionFailed,
        ...storeUnavailable,
      },
    }),
  };
}

/**
 * A write's `If-Match` as the store's condition. `If-None-Match` is refused on writes rather than
 * ignored (a write must never happen against a condition the client set): PUT never creates, so its
 * only use, `If-None-Match: *`, could never succeed anyway.
 */
function writePrecondition(c: Context<AppEnv>): VersionCondition | undefined {
  if (c.req.header('if-none-match') !== undefined) {
    throw new ProblemError(400, { detail: 'If-None-Match is not supported on PUT or DELETE; use If-Match with the ETag.' });
  }
  const condition = ifMatchCondition(c.req.header('if-match'));
  if (Array.isArray(condition) && new Set(condition).size > MAX_CONDITION_VERSIONS) {
    throw new ProblemError(400, { detail: `If-Match may name at most ${MAX_CONDITION_VERSIONS} entity tags.` });
  }
  return condition;
}
