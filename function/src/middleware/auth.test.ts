import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useHistoryTable } from '@items-api/test-support/history-table';
import { useItemsTable } from '@items-api/test-support/items-table';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { readAppConfig } from '../config/app-config.js';
import { HISTORY_STORE } from '../resources/index.js';

// Every AUTH_MODE against the real app and store: what is let in, what gets 401 or 403 (problem+json).
const table = useItemsTable('auth');
const historyTable = useHistoryTable('auth');
const appWith = (env: NodeJS.ProcessEnv) => {
  const config = readAppConfig(env);
  return createApp({ stores: { items: table.store(), [HISTORY_STORE]: historyTable.store() }, config: () => config });
};
const item = JSON.stringify({ name: 'Guarded', price: 1 });
const json = { 'content-type': 'application/json' };

async function expectProblem(response: Response, status: number): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(await response.json()).toMatchObject({ status, type: `tag:items-api,2026:${status === 401 ? 'unauthorized' : 'forbidden'}` });
}

describe('AUTH_MODE=none (the default)', () => {
  it('lets everyone read and write, as the reference does', async () => {
    const app = appWith({});
    expect((await app.request('/items', { method: 'POST', headers: json, body: item })).status).toBe(201);
  });
});

describe('AUTH_MODE=api-key', () => {
  const app = appWith({ AUTH_MODE: 'api-key', API_KEYS: 'key-one, key-two' });

  it('lets in a request with a known X-Api-Key', async () => {
    for (const key of ['key-one', 'key-two']) {
      expect((await app.request('/items', { headers: { 'x-api-key': key } })).status).toBe(200);
    }
  });

  it('answers 401 without a key or with a wrong one, before reading the body (even an oversized one)', async () => {
    for (const headers of [{}, { 'x-api-key': 'key-three' }, { 'x-api-key': 'key-on' }]) {
      const response = await app.request('/items', { method: 'POST', headers: { ...json, ...headers }, body: '{"bad":' });
      expect(response.headers.get('www-authenticate')).toBe('ApiKey');
      await expectProblem(response, 401);
    }
    for (const body of [JSON.stringify({ name: 'x'.repeat(70_000), price: 1 }), Buffer.from([0x7b, 0xff, 0x7d])]) {
      const response = await app.request('/items', { method: 'POST', headers: json, body });
      expect(response.headers.get('www-authenticate')).toBe('ApiKey');
      await expectProblem(response, 401);
    }
  });

  it('can leave reads public while writes need a key', async () => {
    const open = appWith({ AUTH_MODE: 'api-key', API_KEYS: 'k', AUTH_PUBLIC_READS: 'true' });
    expect((await open.request('/items')).status).toBe(200);
    await expectProblem(await open.request('/items', { method: 'POST', headers: json, body: item }), 401);
  });

  it("guards an item's history as the read it is: a key needed, unless reads are public", async () => {
    const { id } = await table.store().create({ name: 'Kept', price: 1, description: '' });
    const path = `/items/${id}/history`;
    const refused = await app.request(path);
    expect(refused.headers.get('www-authenticate')).toBe('ApiKey');
    await expectProblem(refused, 401);
    await expectProblem(await app.request(path, { headers: { 'x-api-key': 'key-three' } }), 401);
    expect((await app.request(path, { headers: { 'x-api-key': 'key-one' } })).status).toBe(200);
    const open = appWith({ AUTH_MODE: 'api-key', API_KEYS: 'k', AUTH_PUBLIC_READS: 'true' });
    const read = await open.request(path);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual([]);
  });

  it('keeps the docs and the root open', async () => {
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/openapi.json')).status).toBe(200);
  });

  it('refuses to start guarding with no key at all', () => {
    expect(() => readAppConfig({ AUTH_MODE: 'api-key' })).toThrow(/API_KEYS/);
    expect(() => readAppConfig({ AUTH_MODE: 'basic' })).toThrow(/AUTH_MODE must be/);
  });
});

describe('AUTH_MODE=jwt', () => {
  let server: Server;
  let issuer: string;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    // The issuer's JWKS, served on loopback as Cognito serves a user pool's.
    server = createServer((request, response) => {
      if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const token = (claims: Record<string, unknown> = {}, options: { key?: CryptoKey; issuer?: string; expiresIn?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(options.issuer ?? issuer)
      .setAudience('items-api')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? privateKey);
  const jwtApp = (extra: NodeJS.ProcessEnv = {}) => appWith({ AUTH_MODE: 'jwt', JWT_ISSUER: issuer, JWT_AUDIENCE: 'items-api', ...extra });
  const bearer = async (value: Promise<string> | string) => ({ authorization: `Bearer ${await value}` });

  it('lets in a token the issuer signed for this audience', async () => {
    expect((await jwtApp().request('/items', { headers: await bearer(token()) })).status).toBe(200);
  });

  it('answers 401 for a missing, malformed, expired, foreign-signed, other-issuer, unsigned or expiry-less token', async () => {
    const app = jwtApp();
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: issuer, aud: 'items-api', exp: 9e9 })).toString('base64url')}.`;
    const noExpiry = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuer)
      .setAudience('items-api')
      .sign(privateKey);
    const symmetric = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience('items-api')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Basic dXNlcjpwYXNz' },
      await bearer('not.a.token'),
      await bearer(token({}, { expiresIn: '-1m' })),
      await bearer(token({}, { key: otherKey })),
      await bearer(token({}, { issuer: 'https://elsewhere.example' })),
      await bearer(unsigned),
      await bearer(noExpiry),
      await bearer(symmetric),
    ];
    for (const headers of cases) await expectProblem(await app.request('/items', { headers }), 401);
  });

  it('accepts only tokens of the configured app clients (client_id of access tokens, aud of ID tokens)', async () => {
    const app = jwtApp({ JWT_AUDIENCE: '', JWT_CLIENT_IDS: 'client-a' });
    expect((await app.request('/items', { headers: await bearer(token({ client_id: 'client-a', token_use: 'access' })) })).status).toBe(
      200,
    );
    await expectProblem(await app.request('/items', { headers: await bearer(token({ client_id: 'client-b' })) }), 401);
  });

  it('takes the issuer and its keys over https only, but for this machine', () => {
    expect(() => readAppConfig({ AUTH_MODE: 'jwt', JWT_ISSUER: 'http://issuer.example' })).toThrow(/https/);
    expect(() =>
      readAppConfig({ AUTH_MODE: 'jwt', JWT_ISSUER: 'https://issuer.example', JWT_JWKS_URL: 'http://keys.example/jwks.json' }),
    ).toThrow(/https/);
    expect(readAppConfig({ AUTH_MODE: 'jwt', JWT_ISSUER: 'https://issuer.example' }).auth).toMatchObject({
      jwksUrl: 'https://issuer.example/.well-known/jwks.json',
    });
  });

  it('answers 403 to a valid token without the write scope, and lets reads through', async () => {
    const app = jwtApp({ JWT_WRITE_SCOPE: 'items/write' });
    const reader = await bearer(token({ scope: 'items/read' }));
    expect((await app.request('/items', { headers: reader })).status).toBe(200);
    const refused = await app.request('/items', { method: 'POST', headers: { ...json, ...reader }, body: item });
    expect(refused.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
    await expectProblem(refused, 403);
    const writer = await bearer(token({ scope: 'items/read items/write' }));
    expect((await app.request('/items', { method: 'POST', headers: { ...json, ...writer }, body: item })).status).toBe(201);
  });

  it("answers 503, not 401, when the issuer's keys cannot be fetched", async () => {
    const app = appWith({ AUTH_MODE: 'jwt', JWT_ISSUER: issuer, JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json' });
    const response = await app.request('/items', { headers: await bearer(token()) });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('refuses a jwt mode without an issuer', () => {
    expect(() => readAppConfig({ AUTH_MODE: 'jwt' })).toThrow(/JWT_ISSUER/);
  });
});
