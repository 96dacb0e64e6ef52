import { ItemVersionMismatchError, MAX_CONDITION_VERSIONS, type ItemStore, type VersionCondition } from '@items-api/items-store';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { route, routeSpec, type Route } from '../openapi/route-spec.js';
import { problemContent, ProblemError } from '../problems.js';
import { requestPath } from '../request-path.js';
import { etagOf, ifMatchCondition, ifMatchHolds, noneMatchHolds } from './etags.js';
import {
  IdempotencyKeyHeadersSchema,
  IfMatchHeadersSchema,
  itemBodyOption,
  ItemBodySchema,
  ItemIdParamsSchema,
  ItemListSchema,
  ItemSchema,
  ListQuerySchema,
  ReadHeadersSchema,
  unwrapItemBody,
} from './item-schemas.js';
import { childLocation, nextPageLink } from './links.js';

const TAG = 'items';
// The body is the plain item or the reference's envelope; errors are those of the one the client sent.
const itemBody = { schema: ItemBodySchema, optionOf: itemBodyOption };
const storeUnavailable = { 503: problemContent('The store is unavailable; retry after `Retry-After` seconds') };
const bodyProblems = {
  400: problemContent('The body is not a JSON object'),
  415: problemContent('The `Content-Type` is not JSON (a body sent without one is read as JSON)'),
  422: problemContent('Invalid fields, each listed in `errors`'),
};
const etagHeader = { ETag: { description: "The item's version, quoted: a strong entity tag for `If-Match` and `If-None-Match`.", schema: { type: 'string' } } } as const;
const itemJson = (description: string) => ({
  description,
  headers: etagHeader,
  content: { 'application/json': { schema: ItemSchema } },
});
const preconditionFailed = { 412: problemContent('`If-Match` does not name the current version (or the item is gone)') };

const listItems = routeSpec({
  method: 'get',
  path: '/',
  tags: [TAG],
  summary: 'List items, a page at a time',
  description:
    'Returns a bare JSON array. When more items remain, a `Link: <…>; rel="next"` header carries the ' +
    'next page as a URI reference relative to this request; following it until it is absent returns every item once.',
  request: { query: ListQuerySchema },
  responses: {
    200: {
      description: 'One page of items',
      headers: { Link: { description: 'The next page, `rel="next"`, when more remain.', schema: { type: 'string' } } },
      content: { 'application/json': { schema: ItemListSchema } },
    },
    400: problemContent('Invalid `limit` or `cursor`'),
    ...storeUnavailable,
  },
});

const createItem = routeSpec({
  method: 'post',
  path: '/',
  tags: [TAG],
  summary: 'Create an item',
  request: { headers: IdempotencyKeyHeadersSchema, body: itemBody },
  responses: {
    201: {
      ...itemJson('The stored item (or, for a repeated `Idempotency-Key`, the one first stored)'),
      headers: {
        ...etagHeader,
        Location: { description: 'The new item, relative to this request.', schema: { type: 'string' } },
        'Idempotent-Replayed': { description: '`true` when this answers a repeat of an earlier request.', schema: { type: 'string' } },
      },
    },
    ...bodyProblems,
    422: problemContent('Invalid fields, each listed in `errors`; or an `Idempotency-Key` already used for other fields'),
    ...storeUnavailable,
  },
});

const getItem = routeSpec({
  method: 'get',
  path: '/{id}',
  tags: [TAG],
  summary: 'Read an item',
  request: { params: ItemIdParamsSchema, headers: ReadHeadersSchema },
  responses: {
    200: itemJson('The item'),
    304: { description: 'Not modified: still at the version `If-None-Match` names', headers: etagHeader },
    412: problemContent('`If-Match` does not name the current version'),
    404: problemContent('No such item'),
    ...storeUnavailable,
  },
});

const replaceItem = routeSpec({
  method: 'put',
  path: '/{id}',
  tags: [TAG],
  summary: 'Replace an item',
  description:
    'Replaces `name`, `price` and `description` of an existing item and moves its version on. Never creates one. ' +
    'With `If-Match`, only if the item is still at that version: of concurrent writers sending the same `ETag`, one wins.',
  request: { params: ItemIdParamsSchema, headers: IfMatchHeadersSchema, body: itemBody },
  responses: {
    200: itemJson('The replaced item'),
    ...bodyProblems,
    404: problemContent('No such item'),
    ...preconditionFailed,
    ...storeUnavailable,
  },
});

const deleteItem = routeSpec({
  method: 'delete',
  path: '/{id}',
  tags: [TAG],
  summary: 'Delete an item',
  description: 'With `If-Match`, only if the item is still at that version.',
  request: { params: ItemIdParamsSchema, headers: IfMatchHeadersSchema },
  responses: {
    204: { description: 'Deleted' },
    404: problemContent('No such item'),
    ...preconditionFailed,
    ...storeUnavailable,
  },
});

/** No shared cache may keep items: they change (clients revalidate with If-None-Match). */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
};

/** The `/items` routes. Handlers only translate between HTTP and the store. */
export function itemsRoutes(store: ItemStore): Route[] {
  return [
    route(listItems, async (c, { query: { limit, cursor } }) => {
      const page = await store.list({ limit, cursor });
      if (page.nextCursor) c.header('Link', nextPageLink({ limit, cursor: page.nextCursor }));
      return c.json(page.items, 200);
    }),
    route(createItem, async (c, { headers, body }) => {
      const input = unwrapItemBody(body);
      const key = headers['idempotency-key'];
      const { item, replayed } = key ? await store.createOnce(input, key) : { item: await store.create(input), replayed: false };
      if (replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Location', childLocation(requestPath(c), item.id));
      c.header('ETag', etagOf(item.version));
      return c.json(item, 201);
    }),
    route(getItem, async (c, { params, headers }) => {
      const item = await store.get(params.id);
      if (!ifMatchHolds(headers['if-match'], item.version)) throw new ItemVersionMismatchError(item.id);
      c.header('ETag', etagOf(item.version));
      if (noneMatchHolds(headers['if-none-match'], item.version)) return c.body(null, 304);
      return c.json(item, 200);
    }),
    route(replaceItem, async (c, { params, body }) => {
      const item = await store.replace(params.id, unwrapItemBody(body), writePrecondition(c));
      c.header('ETag', etagOf(item.version));
      return c.json(item, 200);
    }),
    route(deleteItem, async (c, { params }) => {
      await store.delete(params.id, writePrecondition(c));
      return c.body(null, 204);
    }),
  ];
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
