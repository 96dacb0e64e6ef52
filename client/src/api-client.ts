import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';
import { nextPageUrl } from './links.js';
import { problemOf } from './problem.js';

/** The resources the API serves, by name (`items`): every path with a list and a create. */
export type ResourceName = {
  [P in keyof paths]: P extends `/${infer N}`
    ? N extends `${string}/${string}`
      ? never
      : paths[P] extends { post: object }
        ? N
        : never
    : never;
}[keyof paths];

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** A record of a resource as the API returns it. */
export type RecordOf<N extends ResourceName> = Json<paths[`/${N}/{id}`]['get']['responses'][200]>;
/** What a client sends to create or replace one. */
export type InputOf<N extends ResourceName> = Json<paths[`/${N}`]['post']['requestBody']>;

/**
 * What a list may be asked, as the document declares it: `limit`, and a query on a declared index
 * (`{ category: 'mugs', 'price[lt]': 2000, order: 'desc' }`). The cursor is the helper's to follow.
 */
export type ListQueryOf<N extends ResourceName> = Omit<NonNullable<paths[`/${N}`]['get']['parameters']['query']>, 'cursor'>;

/** The resources that keep their history: those served at `/{name}/{id}/history`. */
export type HistoryResourceName = { [N in ResourceName]: `/${N}/{id}/history` extends keyof paths ? N : never }[ResourceName];

type HistoryPath<N extends ResourceName> = `/${N}/{id}/history` & keyof paths;
/** One change of a record of a resource that keeps its history; `never` for one that does not. */
export type HistoryEntryOf<N extends ResourceName> = N extends HistoryResourceName
  ? Json<paths[HistoryPath<N>]['get']['responses'][200]> extends readonly (infer E)[]
    ? E
    : never
  : never;

/** A record read (or written) with its `ETag`, to condition the next write on. */
export interface Versioned<T> {
  item: T;
  etag: string;
}

export interface ApiClientOptions {
  /** The API's root, ending in `/` (a stage's: `https://…/prod/`). */
  baseUrl: string;
  /** Sent with every request: an `Authorization` or `X-Api-Key`, say. */
  headers?: Record<string, string>;
  /** `fetch` by default; a test can watch or break the traffic. */
  fetch?: (request: Request) => Promise<Response>;
}

export interface CreateOptions {
  /** Makes the create safe to retry: by default a new UUID, reused by every attempt of this call. */
  idempotencyKey?: string;
  /** Attempts in all when the network fails, the API is unavailable (503) or throttles (429): 3 by default. */
  attempts?: number;
}

export interface ApiClient {
  /** openapi-fetch's client, typed by the document: any operation, as the document declares it. */
  raw: Client<paths>;
  /** Helpers for one resource, which follow the contract for you. */
  resource<N extends ResourceName>(name: N): ResourceClient<N>;
}

export interface ResourceClient<N extends ResourceName> {
  /** Every page, following `Link: <…>; rel="next"` (which carries the query) until there is none. */
  pages(query?: ListQueryOf<N>): AsyncGenerator<RecordOf<N>[]>;
  /** Every record once, page after page; with a query, every match once, in the index's order. */
  all(query?: ListQueryOf<N>): AsyncGenerator<RecordOf<N>>;
  get(id: string): Promise<Versioned<RecordOf<N>>>;
  /** Creates one, with an `Idempotency-Key`, retrying with the same key: a retry never makes a second. */
  create(input: InputOf<N>, options?: CreateOptions): Promise<Versioned<RecordOf<N>> & { replayed: boolean }>;
  /** Replaces one; given a previous read, only if it is still at that read's version (`If-Match`). */
  replace(target: string | Versioned<RecordOf<N>>, input: InputOf<N>): Promise<Versioned<RecordOf<N>>>;
  /** Deletes one; given a previous read, only if it is still at that read's version (`If-Match`). */
  delete(target: string | Versioned<RecordOf<N>>): Promise<void>;
  /**
   * Every change of one record, oldest first, page after page (`limit` a page): of a resource that keeps
   * its history. It trails the writes: a change made a moment ago may not be there yet.
   */
  history(id: string, query?: { limit?: number }): AsyncGenerator<HistoryEntryOf<N>>;
}

/** Statuses a create is tried again on, with the same key. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** A typed client of the API: openapi-fetch for any operation, and a helper per resource. Every refusal is thrown as an `ApiProblem`. */
export function createApiClient({ baseUrl, headers = {}, fetch = globalThis.fetch }: ApiClientOptions): ApiClient {
  const raw = createClient<paths>({ baseUrl, headers, fetch });
  return { raw, resource: (name) => resourceClient(name, raw, { baseUrl, headers, fetch }) };
}

function resourceClient<N extends ResourceName>(name: N, raw: Client<paths>, options: Required<ApiClientOptions>): ResourceClient<N> {
  // The paths of any resource, as the document writes them; openapi-fetch checks literal paths only.
  const list = `/${name}` as '/items';
  const one = `/${name}/{id}` as '/items/{id}';
  type Item = RecordOf<N>;
  const versioned = (data: unknown, response: Response): Versioned<Item> => ({
    item: data as Item,
    etag: response.headers.get('etag') ?? '',
  });
  const ifMatch = (target: string | Versioned<Item>) =>
    typeof target === 'string' ? { id: target, header: {} } : { id: idOf(target.item), header: { 'if-match': target.etag } };

  /** The first page's answer, then every page its `Link: <…>; rel="next"` leads to, until there is none. */
  async function* following<T>(first: { data?: unknown; error?: unknown; response: Response }, path: string): AsyncGenerator<T[]> {
    if (first.error !== undefined) throw problemOf(first.response, first.error);
    yield first.data as T[];
    let next = nextPageUrl(first.response.headers.get('link'), first.response.url || new URL(path.slice(1), options.baseUrl).href);
    while (next) {
      const response = await options.fetch(new Request(next, { headers: options.headers }));
      // A refusal may come from something in front of the API (a proxy's HTML 502): its body is read
      // for a problem, not trusted to be one.
      if (!response.ok) throw problemOf(response, await response.json().catch(() => undefined));
      yield (await response.json()) as T[];
      next = nextPageUrl(response.headers.get('link'), response.url || next);
    }
  }

  async function* pages(query: ListQueryOf<N> = {} as ListQueryOf<N>): AsyncGenerator<Item[]> {
    // Typed by the resource's own operation above; openapi-fetch is handed it as any list's.
    yield* following<Item>(await raw.GET(list, { params: { query: query as never } }), list);
  }

  return {
    pages,
    async *all(query) {
      for await (const page of pages(query)) yield* page;
    },
    async get(id) {
      const { data, error, response } = await raw.GET(one, { params: { path: { id } } });
      if (error !== undefined) throw problemOf(response, error);
      return versioned(data, response);
    },
    async create(input, { idempotencyKey = crypto.randomUUID(), attempts = 3 } = {}) {
      for (let attempt = 1; ; attempt += 1) {
        let result: Awaited<ReturnType<typeof raw.POST>> | undefined;
        try {
          result = await raw.POST(list, { params: { header: { 'idempotency-key': idempotencyKey } }, body: input as never });
        } catch (error) {
          // No answer (a network failure): the create may or may not have happened; the key makes retrying safe.
          if (attempt >= attempts) throw error;
        }
        if (result && result.error === undefined) {
          return { ...versioned(result.data, result.response), replayed: result.response.headers.get('idempotent-replayed') === 'true' };
        }
        if (result && (!RETRY_STATUSES.has(result.response.status) || attempt >= attempts)) throw problemOf(result.response, result.error);
        const retryAfter = Number(result?.response.headers.get('retry-after'));
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, retryAfter > 0 ? retryAfter * 1000 : 100 * 2 ** attempt)));
      }
    },
    async replace(target, input) {
      const { id, header } = ifMatch(target);
      const { data, error, response } = await raw.PUT(one, { params: { path: { id }, header }, body: input as never });
      if (error !== undefined) throw problemOf(response, error);
      return versioned(data, response);
    },
    async delete(target) {
      const { id, header } = ifMatch(target);
      const { error, response } = await raw.DELETE(one, { params: { path: { id }, header } });
      if (error !== undefined || !response.ok) throw problemOf(response, error);
    },
    async *history(id, query = {}) {
      // Any history path, as the document writes it; a resource without one has entries of type never.
      const path = `/${name}/{id}/history` as HistoryPath<'items'>;
      const first = await raw.GET(path, { params: { path: { id }, query } });
      for await (const page of following<HistoryEntryOf<N>>(first, `/${name}/${encodeURIComponent(id)}/history`)) yield* page;
    },
  };
}

function idOf(item: unknown): string {
  return (item as { id: string }).id;
}
