import { type Fields, type HistoryStore, isRecordId, NotFoundError, type RecordStore } from '@items-api/dynamodb-records';
import { nextPageLink } from '../http/links.js';
import { problemContent } from '../http/problems.js';
import { type Route, route, routeSpec } from '../openapi/route-spec.js';
import type { AnyResource } from '../resources/resource.js';
import { IdParamsSchema, ListQuerySchema } from './request-schemas.js';
import { historySchemas } from './resource-schemas.js';

/**
 * `GET /{resource}/{id}/history`: a page of one record's changes, oldest first, paged as the list is
 * (`limit`, `cursor`, `Link: <…>; rel="next"`, a bare JSON array). The history is written by another
 * function from the table's stream, so it trails the record: an empty history is told apart from an
 * id that never existed by asking the record's store.
 */
export function historyRoute(resource: AnyResource, store: RecordStore<Fields>, history: HistoryStore): Route {
  const one = resource.entity.toLowerCase();
  const a = /^[aeiou]/.test(one) ? 'an' : 'a';
  const spec = routeSpec({
    method: 'get',
    path: '/{id}/history',
    tags: [resource.name],
    summary: `Read the history of ${a} ${one}`,
    description:
      `Every change of the ${one}, oldest first: its create, each replace, its delete, each with the ${one} as the change ` +
      `left it. Paged as \`GET /${resource.name}\` is: when more remain, a \`Link: <…>; rel="next"\` header carries the ` +
      "next page. The history is written from the table's stream, after the write: a change may not show yet right after " +
      `it is made (well under a second locally, seconds on AWS), and ${a} ${one} written before its history was kept has ` +
      `entries only from then on. A deleted ${one}'s history is still read; an id that never was is 404.`,
    request: { params: IdParamsSchema, query: ListQuerySchema },
    responses: {
      200: {
        description: `One page of the ${one}'s changes, oldest first; empty while its first change is still on its way`,
        headers: { Link: { description: 'The next page, `rel="next"`, when more remain.', schema: { type: 'string' } } },
        // Made when the document is, not at init: nothing validates an answer.
        content: {
          'application/json': {
            get schema() {
              return historySchemas(resource).page;
            },
          },
        },
      },
      400: problemContent('Invalid `limit` or `cursor` (or a cursor of another history): `errors` names it'),
      404: problemContent(`No such ${one}, now or ever`),
      503: problemContent('The store is unavailable; retry after `Retry-After` seconds'),
    },
  });
  return route(spec, async (c, { params, query }) => {
    // As every `{id}` route: an id the API never issues is not found, without a read.
    if (!isRecordId(params.id)) throw new NotFoundError(resource.entity, params.id);
    const page = await history.list(resource.name, params.id, { limit: query.limit, cursor: query.cursor });
    // No entry yet: either the record's first change has not reached the history (200, empty), or
    // there never was such a record (the store's NotFoundError, a 404). A later page is never empty.
    if (page.items.length === 0 && query.cursor === undefined) await store.get(params.id);
    if (page.nextCursor) c.header('Link', nextPageLink({ limit: query.limit, cursor: page.nextCursor }, c.req.query()));
    return c.json(page.items, 200);
  });
}
