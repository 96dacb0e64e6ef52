import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { captureOutput } from '@items-api/test-support/captured-output';
import { useItemsTable } from '@items-api/test-support/items-table';
import { storedRecords } from '@items-api/test-support/stored-records';
import { type Context, Hono } from 'hono';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { acceptingEvents, type LambdaHttpResult, toAdapterEvent } from './lambda-event.js';

// The handler fed events shaped as the SAM CLI generates them (fixtures/sam-events/: its own
// templates, filled with its defaults: method POST, a base64 body and no Content-Type), adapted per
// test to a method and path of this API, against DynamoDB Local.
const table = useItemsTable('lambda-event');
let handler: (event: LambdaEvent, context: LambdaContext) => Promise<LambdaHttpResult>;

beforeAll(async () => {
  process.env.TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  ({ handler } = (await import('./lambda.js')) as unknown as { handler: typeof handler });
});
afterEach(() => vi.restoreAllMocks());

type Front = 'REST API (aws-proxy)' | 'HTTP API (http-api-proxy)' | 'ALB (alb request)';
const FIXTURES: Record<Front, string> = {
  'REST API (aws-proxy)': 'aws-proxy.json',
  'HTTP API (http-api-proxy)': 'http-api-proxy.json',
  'ALB (alb request)': 'alb-request.json',
};
const FRONTS = Object.keys(FIXTURES) as Front[];

// biome-ignore lint/suspicious/noExplicitAny: an event of any shape, as tools send them
type Loose = Record<string, any>;

function fixture(front: Front): Loose {
  return JSON.parse(readFileSync(new URL(`./fixtures/sam-events/${FIXTURES[front]}`, import.meta.url), 'utf8')) as Loose;
}

interface Adapt {
  /** A JSON value sent base64-encoded, as the fixtures send theirs; by default the SAM CLI's own `{"test":"body"}`. */
  json?: unknown;
  headers?: Record<string, string>;
}

/** The SAM CLI's event for `front`, sent as `method path`: everything else as the CLI writes it. */
function samEvent(front: Front, method: string, path: string, { json, headers = {} }: Adapt = {}): LambdaEvent {
  const event = fixture(front);
  if (json !== undefined) event.body = Buffer.from(JSON.stringify(json)).toString('base64');
  if (front === 'HTTP API (http-api-proxy)') {
    event.rawPath = path;
    event.requestContext.http.method = method;
    event.requestContext.http.path = path;
  } else {
    event.httpMethod = method;
    event.path = path;
  }
  if (front === 'REST API (aws-proxy)') {
    event.requestContext.httpMethod = method;
    event.requestContext.path = `/${event.requestContext.stage}${path}`;
    event.pathParameters = { proxy: path.slice(1) };
  }
  for (const [name, value] of Object.entries(headers)) {
    event.headers[name] = value;
    if (event.multiValueHeaders) event.multiValueHeaders[name] = [value];
  }
  return event as LambdaEvent;
}

const context = (awsRequestId: string = randomUUID()) => ({ awsRequestId, functionName: 'items' }) as unknown as LambdaContext;
const header = (result: LambdaHttpResult, name: string) => result.headers?.[name] ?? result.multiValueHeaders?.[name]?.[0];

async function storedNamed(name: string): Promise<Record<string, unknown>[]> {
  return (await storedRecords(table.client, table.name)).filter((item) => item.name === name);
}

describe('the SAM CLI fixtures', () => {
  it.each(FRONTS)('%s: a base64 body of {"test":"body"} and no Content-Type, as the CLI writes them', (front) => {
    const event = fixture(front);
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body as string, 'base64').toString()).toBe('{"test":"body"}');
    const names = [...Object.keys(event.headers ?? {}), ...Object.keys(event.multiValueHeaders ?? {})];
    expect(names.map((name) => name.toLowerCase())).not.toContain('content-type');
  });
});

describe.each(FRONTS)('%s events', (front) => {
  it('GET with the default body is answered as any GET: 404 for an absent item, 200 for the list', async () => {
    const absent = await handler(samEvent(front, 'GET', `/items/${randomUUID()}`), context('get-absent'));
    expect(absent.statusCode).toBe(404);
    expect(header(absent, 'content-type')).toBe('application/problem+json');
    expect(JSON.parse(absent.body)).toMatchObject({ status: 404, type: 'tag:items-api,2026:item-not-found', requestId: 'get-absent' });

    const list = await handler(samEvent(front, 'GET', '/items'), context());
    expect(list.statusCode).toBe(200);
    expect(Array.isArray(JSON.parse(list.body))).toBe(true);
  });

  it('POST /items with a base64 JSON body and no Content-Type creates the item; PUT likewise replaces it', async () => {
    const name = `SAM ${front} ${randomUUID()}`;
    const created = await handler(samEvent(front, 'POST', '/items', { json: { name, price: 120 } }), context());
    expect(created.statusCode, created.body).toBe(201);
    const item = JSON.parse(created.body) as { id: string; name: string; price: number; version: number };
    expect(item).toMatchObject({ name, price: 120, description: '', version: 1 });

    const read = await handler(samEvent(front, 'GET', `/items/${item.id}`), context());
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toEqual(item);
    expect(await storedNamed(name)).toEqual([item]);

    const replaced = await handler(
      samEvent(front, 'PUT', `/items/${item.id}`, { json: { name, price: 130, description: 'again' } }),
      context(),
    );
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(JSON.parse(replaced.body)).toMatchObject({ id: item.id, price: 130, description: 'again', version: 2 });
    const stored = await storedNamed(name);
    expect(stored).toEqual([JSON.parse(replaced.body)]);

    // HEAD with the default body: the GET's answer without its body.
    const head = await handler(samEvent(front, 'HEAD', `/items/${item.id}`), context());
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(header(head, 'etag')).toBe('"2"');
  });

  it('the CLI\'s own default POST body ({"test":"body"}) is read as JSON: 422 naming the missing fields, not 415', async () => {
    const result = await handler(samEvent(front, 'POST', '/items'), context());
    expect(result.statusCode).toBe(422);
    const problem = JSON.parse(result.body) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['name', 'price']);
  });

  it('a body sent as text/plain stays 415 problem+json, and nothing is stored', async () => {
    const name = `Plain ${front} ${randomUUID()}`;
    const result = await handler(
      samEvent(front, 'POST', '/items', { json: { name, price: 1 }, headers: { 'Content-Type': 'text/plain' } }),
      context('plain-415'),
    );
    expect(result.statusCode).toBe(415);
    expect(header(result, 'content-type')).toBe('application/problem+json');
    expect(JSON.parse(result.body)).toMatchObject({ status: 415, requestId: 'plain-415' });
    expect(await storedNamed(name)).toEqual([]);
  });
});

// Events no Request can be made from, each as one of the fronts would carry it.
const UNBUILDABLE: [string, () => LambdaEvent][] = [
  [
    'a header value with a line feed (REST)',
    () => samEvent('REST API (aws-proxy)', 'GET', '/items', { headers: { 'X-Note': 'one\ntwo' } }),
  ],
  ['a header name with a space (HTTP API)', () => samEvent('HTTP API (http-api-proxy)', 'GET', '/items', { headers: { 'Bad Name': 'x' } })],
  ['a header value that is not Unicode (ALB)', () => samEvent('ALB (alb request)', 'GET', '/items', { headers: { 'x-note': '\uD800' } })],
  ['a method that is not a token (ALB)', () => samEvent('ALB (alb request)', 'GE T', '/items')],
  ['a forbidden method (REST)', () => samEvent('REST API (aws-proxy)', 'CONNECT', '/items')],
  [
    'a body that is not base64 (REST)',
    () => ({ ...samEvent('REST API (aws-proxy)', 'POST', '/items'), body: '%%% not base64' }) as LambdaEvent,
  ],
  [
    'a host that makes no URL (HTTP API)',
    () => {
      const event = samEvent('HTTP API (http-api-proxy)', 'GET', '/items') as Loose;
      event.requestContext.domainName = 'bad host';
      return event as LambdaEvent;
    },
  ],
  [
    'a body and no method (REST)',
    () => {
      const event = samEvent('REST API (aws-proxy)', 'POST', '/items') as Loose;
      delete event.httpMethod;
      return event as LambdaEvent;
    },
  ],
];

describe('an event that cannot become a request', () => {
  it.each(UNBUILDABLE)(
    '%s: 400 problem+json with the invocation id, logged through the logger, nothing on console.error',
    async (_, make) => {
      const consoleError = vi.spyOn(console, 'error');
      const output = captureOutput();
      const requestId = `refused-${randomUUID()}`;
      let result: LambdaHttpResult;
      try {
        result = await handler(make(), context(requestId));
      } finally {
        output.restore();
      }
      expect(result.statusCode).toBe(400);
      expect(header(result, 'content-type')).toBe('application/problem+json');
      expect(header(result, 'x-request-id')).toBe(requestId);
      expect(JSON.parse(result.body)).toEqual({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: expect.stringMatching(/could not be read/),
        requestId,
      });
      expect(output.json()).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'Event cannot become a request', requestId }));
      expect(consoleError).not.toHaveBeenCalled();
      expect(output.lines().join('\n')).not.toMatch(/Error processing request|Invalid request/);
    },
  );

  it('answers in the shape of its front: multi-value headers for a REST event that has them', async () => {
    const [, make] = UNBUILDABLE[0]!;
    const output = captureOutput();
    const result = await handler(make(), context('shape')).finally(() => output.restore());
    expect(result.multiValueHeaders).toEqual({ 'content-type': ['application/problem+json'], 'x-request-id': ['shape'] });
    expect(result.headers).toBeUndefined();
  });
});

describe('held to Hono’s adapter', () => {
  /** A stand-in app that answers 204 and says whether the adapter reached it. */
  function probe(answer: (c: Context) => Response = (c) => c.body(null, 204)) {
    const reached: Request[] = [];
    const app = new Hono().all('*', (c) => {
      reached.push(c.req.raw);
      return answer(c);
    });
    return { app, reached };
  }

  /** What `handle` from hono/aws-lambda answers on its own, and whether it reached the app. */
  async function adapterTakes(event: LambdaEvent): Promise<{ reached: boolean; status: number; body: string }> {
    const { app, reached } = probe();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = (await handle(app)(event)) as unknown as LambdaHttpResult;
    return { reached: reached.length > 0, status: result.statusCode, body: result.body };
  }

  it("refuses a GET or HEAD that carries a body, as the SAM CLI's events do: the fault toAdapterEvent fixes", async () => {
    for (const method of ['GET', 'HEAD']) {
      const event = samEvent('REST API (aws-proxy)', method, '/items');
      expect(await adapterTakes(event)).toEqual({ reached: false, status: 400, body: 'Invalid request' });
      expect(await adapterTakes(toAdapterEvent(event))).toMatchObject({ reached: true, status: 204 });
    }
  });

  it.each(UNBUILDABLE)('%s: the adapter refuses it itself, in plain text, the app never reached', async (_, make) => {
    const { reached, status, body } = await adapterTakes(toAdapterEvent(make()));
    expect(reached).toBe(false);
    // A TypeError (the fetch standard's) is its 400; any other error its 500: atob's DOMException for a
    // body that is not base64, encodeURIComponent's URIError for a lone surrogate in a header value.
    expect([
      { status: 400, body: 'Invalid request' },
      { status: 500, body: 'Internal Server Error' },
    ]).toContainEqual({ status, body });
  });

  it.each(
    FRONTS.flatMap((front): [string, () => LambdaEvent][] => [
      [`${front} POST as generated`, () => samEvent(front, 'POST', '/items')],
      [`${front} GET as generated`, () => samEvent(front, 'GET', '/items')],
      [`${front} with a non-ASCII header value`, () => samEvent(front, 'GET', '/items', { headers: { 'x-name': 'Zoë' } })],
    ]),
  )('%s: reaches the app through the wrapper, its answer unchanged', async (_, make) => {
    const { app, reached } = probe();
    const result = await acceptingEvents(handle(app))(make(), context());
    expect(reached).toHaveLength(1);
    expect(result.statusCode).toBe(204);
  });

  it("passes on the app's own plain-text 400 and 500, and its own console.error, untouched", async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const [status, text] of [
      [500, 'Internal Server Error'],
      [400, 'Invalid request'],
    ] as const) {
      const { app } = probe((c) => {
        console.error('the app itself', status);
        return c.text(text, status);
      });
      const result = (await acceptingEvents(handle(app))(
        samEvent('HTTP API (http-api-proxy)', 'GET', '/items'),
        context(),
      )) as LambdaHttpResult;
      expect(result).toMatchObject({ statusCode: status, body: text });
      expect(consoleError).toHaveBeenCalledWith('the app itself', status);
    }
  });
});

describe('the event before the adapter', () => {
  it('types a body sent with no Content-Type as JSON, in every header map the event has', () => {
    const rest = toAdapterEvent(samEvent('REST API (aws-proxy)', 'POST', '/items')) as Loose;
    expect(rest.headers['content-type']).toBe('application/json');
    expect(rest.multiValueHeaders['content-type']).toEqual(['application/json']);
    const httpApi = toAdapterEvent(samEvent('HTTP API (http-api-proxy)', 'POST', '/items')) as Loose;
    expect(httpApi.headers['content-type']).toBe('application/json');
    expect(httpApi.multiValueHeaders).toBeUndefined();
    const alb = toAdapterEvent(samEvent('ALB (alb request)', 'PUT', '/items/x')) as Loose;
    expect(alb.headers['content-type']).toBe('application/json');
  });

  it('types a VPC Lattice body with no headers at all as JSON, in the list form its headers take, and the app reads it', async () => {
    const lattice = {
      version: '2.0',
      path: '/items',
      method: 'POST',
      headers: {},
      queryStringParameters: {},
      body: JSON.stringify({ name: 'Lattice cup', price: 3 }),
      isBase64Encoded: false,
      requestContext: {
        serviceNetworkArn: 'arn:network',
        serviceArn: 'arn:service',
        targetGroupArn: 'arn:tg',
        region: 'us-east-1',
        timeEpoch: '0',
      },
    };
    const typed = toAdapterEvent(lattice as unknown as LambdaEvent) as Loose;
    expect(typed.headers['content-type']).toEqual(['application/json']);
    const app = new Hono().post('/items', async (c) => c.json(await c.req.json(), 201));
    const result = await handle(app)(typed as unknown as LambdaEvent, context());
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({ name: 'Lattice cup', price: 3 });
  });

  it('leaves a Content-Type that is there, in any case, and an event with no body, as they are', () => {
    for (const front of FRONTS) {
      const typed = samEvent(front, 'POST', '/items', { headers: { 'Content-Type': 'text/plain' } });
      expect(toAdapterEvent(typed)).toBe(typed);
      const bodiless = { ...samEvent(front, 'POST', '/items'), body: null } as LambdaEvent;
      expect(toAdapterEvent(bodiless)).toBe(bodiless);
    }
  });

  it('drops the body of a GET or HEAD, whatever the case of its method, and types no body it dropped', () => {
    for (const front of FRONTS) {
      for (const method of ['GET', 'head']) {
        const event = toAdapterEvent(samEvent(front, method, '/items')) as Loose;
        expect(event.body).toBeNull();
        expect(event.headers?.['content-type']).toBeUndefined();
      }
    }
  });

  it('is the only change: a POST that needs nothing is passed on as the same object', () => {
    const event = samEvent('HTTP API (http-api-proxy)', 'POST', '/items', { headers: { 'content-type': 'application/json' } });
    expect(toAdapterEvent(event)).toBe(event);
  });
});

describe('one Request per event', () => {
  it("a POST through the handler makes exactly one Request: the adapter's", async () => {
    const Original = globalThis.Request;
    let made = 0;
    globalThis.Request = new Proxy(Original, {
      construct(target, args, newTarget) {
        made += 1;
        return Reflect.construct(target, args, newTarget) as object;
      },
    });
    try {
      const result = await handler(
        samEvent('REST API (aws-proxy)', 'POST', '/items', { json: { name: `One ${randomUUID()}`, price: 3 } }),
        context(),
      );
      expect(result.statusCode).toBe(201);
    } finally {
      globalThis.Request = Original;
    }
    expect(made).toBe(1);
  });
});
