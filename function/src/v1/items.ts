import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { ItemVersionMismatchError, MAX_CONDITION_VERSIONS, type ItemStore, type VersionCondition } from '@items-api/items-store';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env.js';
import { problemContent } from '../problems.js';
import { requestPath } from '../request-path.js';
import { validationHook } from '../validation.js';
import { etagOf, ifMatchCondition, ifMatchHolds, noneMatchHolds } from './etags.js';
import {
  IdempotencyKeyHeadersSchema,
  IfMatchHeadersSchema,
  IfNoneMatchHeadersSchema,
  ItemBodySchema,
  ItemIdParamsSchema,
  ItemListSchema,
  ItemSchema,
  ListQuerySchema,
  unwrapItemBody,
} from './item-schemas.js';
import { childLocation, nextPageLink } from './links.js';

const TAG = 'items';
const itemBody = {
  required: true,
  content: { 'application/json': { schema: ItemBodySchema } },
} as const;
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

const listItems = createRoute({
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

const createItem = createRoute({
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

const getItem = createRoute({
  method: 'get',
  path: '/{id}',
  tags: [TAG],
  summary: 'Read an item',
  request: { params: ItemIdParamsSchema, headers: IfNoneMatchHeadersSchema.merge(IfMatchHeadersSchema) },
  responses: {
    200: itemJson('The item'),
    304: { description: 'Not modified: still at the version `If-None-Match` names', headers: etagHeader },
    412: problemContent('`If-Match` does not name the current version'),
    404: problemContent('No such item'),
    ...storeUnavailable,
  },
});

const replaceItem = createRoute({
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

const deleteItem = createRoute({
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

// The body is the plain item or the reference's envelope; report the errors of the one the client sent.
const itemBodyHook = validationHook({
  unionBranch: (input) => (typeof input === 'object' && input !== null && 'item' in input ? 1 : 0),
});

/** The `/items` routes, version 1. Handlers only translate between HTTP and the store. */
export function itemsRoutes(store: ItemStore): OpenAPIHono<AppEnv> {
  const routes = new OpenAPIHono<AppEnv>({ strict: false, defaultHook: itemBodyHook });
  routes.use(async (c, next) => {
    await next();
    // Items change; no shared cache may keep them (clients revalidate with If-None-Match).
    c.header('Cache-Control', 'no-store');
  });
  return routes
    .openapi(listItems, async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await store.list({ limit, cursor });
      if (page.nextCursor) c.header('Link', nextPageLink({ limit, cursor: page.nextCursor }));
      return c.json(page.items, 200);
    })
    .openapi(createItem, async (c) => {
      const input = unwrapItemBody(c.req.valid('json'));
      const key = c.req.valid('header')['idempotency-key'];
      const { item, replayed } = key ? await store.createOnce(input, key) : { item: await store.create(input), replayed: false };
      if (replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Location', childLocation(requestPath(c), item.id));
      c.header('ETag', etagOf(item.version));
      return c.json(item, 201);
    })
    .openapi(getItem, async (c) => {
      const item = await store.get(c.req.valid('param').id);
      const { 'if-match': ifMatch, 'if-none-match': ifNoneMatch } = c.req.valid('header');
      if (!ifMatchHolds(ifMatch, item.version)) throw new ItemVersionMismatchError(item.id);
      c.header('ETag', etagOf(item.version));
      if (noneMatchHolds(ifNoneMatch, item.version)) return c.body(null, 304);
      return c.json(item, 200);
    })
    .openapi(replaceItem, async (c) => {
      const ifMatch = writePrecondition(c);
      const item = await store.replace(c.req.valid('param').id, unwrapItemBody(c.req.valid('json')), ifMatch);
      c.header('ETag', etagOf(item.version));
      return c.json(item, 200);
    })
    .openapi(deleteItem, async (c) => {
      await store.delete(c.req.valid('param').id, writePrecondition(c));
      return c.body(null, 204);
    });
}

/**
 * A write's `If-Match` as the store's condition. `If-None-Match` is refused on writes rather than
 * ignored (a write must never happen against a condition the client set): PUT never creates, so its
 * only use, `If-None-Match: *`, could never succeed anyway.
 */
function writePrecondition(c: Context): VersionCondition | undefined {
  if (c.req.header('if-none-match') !== undefined) {
    throw new HTTPException(400, { message: 'If-None-Match is not supported on PUT or DELETE; use If-Match with the ETag' });
  }
  const condition = ifMatchCondition(c.req.header('if-match'));
  if (Array.isArray(condition) && new Set(condition).size > MAX_CONDITION_VERSIONS) {
    throw new HTTPException(400, { message: `If-Match may name at most ${MAX_CONDITION_VERSIONS} entity tags` });
  }
  return condition;
}
