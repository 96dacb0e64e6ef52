import { DynamoDbRecordStore } from '@items-api/dynamodb-records';
import { testDynamoDbClient } from '@items-api/test-support/dynamodb';
import { useItemsTable } from '@items-api/test-support/items-table';
import { storedRecords } from '@items-api/test-support/stored-records';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { recordDeclarationOf } from './resources/index.js';
import { handleOf, users } from './test-resources/users-resource.js';

// A resource with rules of its own (users: a unique email, a computed handle, a check across plan and
// seats, a route of its own and a generic one replaced), served by the generic path on DynamoDB Local.

const table = useItemsTable('resource-rules');
const client = testDynamoDbClient();
const store = () =>
  new DynamoDbRecordStore(recordDeclarationOf(users), { client, tableName: table.name, idempotencyTableName: table.idempotencyName });
const app = createApp({ resources: [users], stores: { users: store() } });

type Json = Record<string, unknown>;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: (text ? JSON.parse(text) : undefined) as Json };
}

/** How many stored users have this email, read from the table itself. */
async function storedWithEmail(email: string): Promise<number> {
  return (await storedRecords(table.client, table.name)).filter((user) => user.email === email).length;
}

describe('a computed field', () => {
  it('is derived on every write, ignored when a client sends it, and documented read-only', async () => {
    const created = await call('POST', '/users', { name: 'Ada Lovelace', email: 'ada@example.com', handle: 'forged' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ada Lovelace', handle: 'ada-lovelace', plan: 'free', seats: 1, version: 1 });
    const renamed = await call('PUT', `/users/${created.body.id}`, { name: 'Augusta Ada King', email: 'ada@example.com' });
    expect(renamed.body).toMatchObject({ handle: 'augusta-ada-king', version: 2 });
    expect((await call('GET', `/users/${created.body.id}`)).body.handle).toBe('augusta-ada-king');

    const document = (await call('GET', '/openapi.json')).body as { components: { schemas: Record<string, Json> } };
    const { User, UserInput } = document.components.schemas as Record<string, { properties: Record<string, Json> }>;
    expect(User!.properties.handle).toMatchObject({ type: 'string', readOnly: true });
    expect(UserInput!.properties).not.toHaveProperty('handle');
  });

  it('may be unique: a second user of the same name is a 409 naming the handle', async () => {
    expect((await call('POST', '/users', { name: 'Barbara Liskov', email: 'barbara@example.com' })).status).toBe(201);
    const refused = await call('POST', '/users', { name: 'barbara  liskov!', email: 'other.barbara@example.com' });
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([{ in: 'body', path: 'handle', message: 'Another user has this handle.' }]);
    expect(await storedWithEmail('other.barbara@example.com')).toBe(0);
  });

  it('is made by the resource’s own function', () => {
    expect(handleOf('  Grace  Brewster Hopper! ')).toBe('grace-brewster-hopper');
  });
});

describe('a check across fields', () => {
  it('refuses before any write with a 422 naming both fields', async () => {
    const refused = await call('POST', '/users', { name: 'Free rider', email: 'rider@example.com', plan: 'free', seats: 3 });
    expect(refused.status).toBe(422);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body.errors).toEqual([
      { in: 'body', path: 'plan', message: 'The free plan has one seat.' },
      { in: 'body', path: 'seats', message: 'The free plan has one seat.' },
    ]);
    expect(await storedWithEmail('rider@example.com')).toBe(0);
    expect((await call('POST', '/users', { name: 'Team', email: 'rider@example.com', plan: 'team', seats: 3 })).status).toBe(201);
  });
});

describe('a unique field', () => {
  it('refuses a taken email on create and replace with a 409 naming the field, writing nothing', async () => {
    const first = await call('POST', '/users', { name: 'Grace', email: 'grace@example.com' });
    const other = await call('POST', '/users', { name: 'Alan', email: 'alan@example.com' });
    for (const refused of [
      await call('POST', '/users', { name: 'Impostor', email: 'grace@example.com' }),
      await call('POST', '/users', { name: 'Impostor', email: 'grace@example.com' }, { 'idempotency-key': 'impostor' }),
      await call('PUT', `/users/${other.body.id}`, { name: 'Alan', email: 'grace@example.com' }),
    ]) {
      expect(refused.status).toBe(409);
      expect(refused.type).toBe('application/problem+json');
      expect(refused.body).toMatchObject({
        type: 'tag:items-api,2026:unique-field-taken',
        errors: [{ in: 'body', path: 'email', message: 'Another user has this email.' }],
      });
    }
    expect(await storedWithEmail('grace@example.com')).toBe(1);
    expect((await call('GET', `/users/${other.body.id}`)).body).toEqual(other.body);

    // Released on delete, moved on replace.
    expect((await call('DELETE', `/users/${first.body.id}`)).status).toBe(204);
    expect((await call('PUT', `/users/${other.body.id}`, { name: 'Alan', email: 'grace@example.com' })).status).toBe(200);
    expect((await call('POST', '/users', { name: 'Alan again', email: 'alan@example.com' })).status).toBe(201);

    const document = (await call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { responses: Json }>> };
    expect(document.paths['/users']!.post!.responses).toHaveProperty('409');
    expect(document.paths['/users/{id}']!.put!.responses).toHaveProperty('409');
  });

  it('has exactly one winner of a 50-way race for one email; the 49 others are 409s naming it', { timeout: 60_000 }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call('POST', '/users', { name: `Racer ${i}`, email: 'race@example.com' })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const answer of answers.filter(({ status }) => status === 409)) expect(answer.body.errors).toMatchObject([{ path: 'email' }]);
    expect(await storedWithEmail('race@example.com')).toBe(1);
  });
});

describe('a resource with no index', () => {
  it('refuses order and any filter on its list, saying it declares no index, and ignores other parameters', async () => {
    for (const query of ['order=desc', 'order=sideways', 'email=ada@example.com', 'seats[gt]=1']) {
      const refused = await call('GET', `/users?${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.detail).toContain('GET /users takes limit and cursor only: it declares no index to query.');
    }
    expect((await call('GET', '/users?limit=1&_=1')).status).toBe(200);
  });
});

describe('routes of its own', () => {
  it('adds seats with its own route, written over the version it read', async () => {
    const user = await call('POST', '/users', { name: 'Linus', email: 'linus@example.com' });
    const upgraded = await call('POST', `/users/${user.body.id}/seats`, { add: 4 });
    expect(upgraded.status).toBe(200);
    expect(upgraded.body).toMatchObject({ plan: 'team', seats: 5, version: 2, handle: 'linus' });
    expect((await call('POST', `/users/${user.body.id}/seats`, { add: 0 })).status).toBe(422);
    expect((await call('POST', '/users/4b0d0f2e-0000-4000-8000-000000000000/seats', { add: 1 })).status).toBe(404);
  });

  it('holds the check across fields in its own routes too: a downgrade with seats left is a 422, nothing written', async () => {
    const user = await call('POST', '/users', { name: 'Downgrader', email: 'down@example.com', plan: 'team', seats: 3 });
    const refused = await call('POST', `/users/${user.body.id}/downgrade`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { in: 'body', path: 'plan', message: 'The free plan has one seat.' },
      { in: 'body', path: 'seats', message: 'The free plan has one seat.' },
    ]);
    expect((await call('GET', `/users/${user.body.id}`)).body).toEqual(user.body);
    await call('PUT', `/users/${user.body.id}`, { name: 'Downgrader', email: 'down@example.com', plan: 'team', seats: 1 });
    expect((await call('POST', `/users/${user.body.id}/downgrade`)).body).toMatchObject({ plan: 'free', seats: 1, version: 3 });
  });

  it('replaces the generic delete: a user on the team plan is refused, one on the free plan deleted', async () => {
    const team = await call('POST', '/users', { name: 'Team lead', email: 'lead@example.com', plan: 'team', seats: 10 });
    const refused = await call('DELETE', `/users/${team.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ title: 'User on the team plan' });
    expect((await call('GET', `/users/${team.body.id}`)).status).toBe(200);
    await call('PUT', `/users/${team.body.id}`, { name: 'Team lead', email: 'lead@example.com' });
    expect((await call('DELETE', `/users/${team.body.id}`, undefined, { 'if-match': '"1"' })).status).toBe(412);
    expect((await call('DELETE', `/users/${team.body.id}`, undefined, { 'if-match': '"2"' })).status).toBe(204);
    expect((await call('DELETE', `/users/${team.body.id}`)).status).toBe(404);
  });
});
