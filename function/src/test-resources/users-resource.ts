import { PreconditionFailedError } from '@items-api/dynamodb-records';
import * as v from 'valibot';
import { etagOf, ifMatchHolds } from '../http/etags.js';
import { ProblemError, problemContent } from '../http/problems.js';
import { route, routeSpec } from '../openapi/route-spec.js';
import { defineResource } from '../resources/resource.js';
import { IdParamsSchema, IfMatchHeadersSchema } from '../routes/request-schemas.js';

// Users: a resource of the tests, not of the product, with a rule of each kind in its own file — a
// unique field and a unique computed one, a check across fields, routes of its own and a generic one
// replaced.

/** `Ada Lovelace` → `ada-lovelace`. */
export function handleOf(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const users = defineResource({
  name: 'users',
  entity: 'User',
  description: 'People who sign in.',
  fields: {
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(100), v.examples(['Ada Lovelace'])),
    email: v.pipe(v.string(), v.email(), v.maxLength(254), v.examples(['ada@example.com'])),
    plan: v.optional(v.picklist(['free', 'team']), 'free'),
    seats: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(1000)), 1),
  },
  computed: {
    handle: { schema: v.pipe(v.string(), v.description('Made from `name`.')), from: ({ name }) => handleOf(name) },
  },
  unique: ['email', 'handle'],
  checks: [
    { fields: ['plan', 'seats'], message: 'The free plan has one seat.', holds: ({ plan, seats }) => plan === 'team' || seats === 1 },
  ],
  routes: (generic, store) => [
    generic.list,
    generic.create,
    generic.get,
    generic.replace,
    // Replaced: a user who pays for seats is not deleted by accident.
    route(
      routeSpec({
        ...generic.delete.spec,
        request: { params: IdParamsSchema, headers: IfMatchHeadersSchema },
        description: `${generic.delete.spec.description} A user on the team plan is refused: move them to the free plan first.`,
        responses: { ...generic.delete.spec.responses, 409: problemContent('The user is on the team plan') },
      }),
      async (c, { params, headers }) => {
        const user = await store.get(params.id);
        if (!ifMatchHolds(headers['if-match'], user.version)) throw new PreconditionFailedError(users.entity, user.id);
        if (user.plan === 'team') {
          throw new ProblemError(409, { title: 'User on the team plan', detail: 'Move the user to the free plan before deleting them.' });
        }
        // Only the version whose plan was checked: a move to the team plan meanwhile makes this a 412.
        await store.delete(user.id, [user.version]);
        return c.body(null, 204);
      },
    ),
    // Its own: more seats, which puts the user on the team plan, written only over the version read.
    route(
      routeSpec({
        method: 'post',
        path: '/{id}/seats',
        tags: ['users'],
        summary: 'Add seats to a user',
        description: 'Moves the user to the team plan with `add` more seats.',
        request: {
          params: IdParamsSchema,
          body: { schema: v.object({ add: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100)) }) },
        },
        responses: {
          200: { description: 'The user, on the team plan' },
          404: problemContent('No such user'),
          412: problemContent('The user changed meanwhile: try again'),
          422: problemContent('Invalid `add`'),
        },
      }),
      async (c, { params, body }) => {
        const user = await store.get(params.id);
        const { name, email, seats } = user;
        const updated = await store.replace(user.id, { name, email, plan: 'team', seats: seats + body.add }, [user.version]);
        c.header('ETag', etagOf(updated.version));
        return c.json(updated, 200);
      },
    ),
    // Its own too, written through the same store: the check across plan and seats holds here as well.
    route(
      routeSpec({
        method: 'post',
        path: '/{id}/downgrade',
        tags: ['users'],
        summary: 'Move a user to the free plan',
        description: 'Keeps the seats: a user with more than one is refused (422), as the free plan has one.',
        request: { params: IdParamsSchema },
        responses: {
          200: { description: 'The user, on the free plan' },
          404: problemContent('No such user'),
          412: problemContent('The user changed meanwhile: try again'),
          422: problemContent('The user has more seats than the free plan'),
        },
      }),
      async (c, { params }) => {
        const { id, version, name, email, seats } = await store.get(params.id);
        const updated = await store.replace(id, { name, email, plan: 'free', seats }, [version]);
        c.header('ETag', etagOf(updated.version));
        return c.json(updated, 200);
      },
    ),
  ],
});
