// The API's types, generated from its OpenAPI document by openapi-typescript: `npm run client:generate`.
// Do not edit: `npm test` fails when this file and the document differ.
export interface paths {
    "/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List items, a page at a time
         * @description Returns a bare JSON array. When more items remain, a `Link: <…>; rel="next"` header carries the next page as a URI reference relative to this request; following it until it is absent returns every item once. With no filter, every item, in no particular order. GET /items can be queried by category=… (string; index byCategory), with price[gt], price[gte], price[lt], price[lte] (number) and order=asc|desc; and paged with limit and cursor. A query lists the items of one partition of an index, in its sort field's order; an index is eventually consistent: a write may show a moment later than in `GET /items/{id}`. A parameter that cannot be queried is refused (400), never ignored.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page. */
                    limit?: number;
                    /** @description Opaque; taken from the `Link: <…>; rel="next"` header of the previous page. */
                    cursor?: string;
                    /** @description Lists only the items of this `category` (index `byCategory`, by `price`). */
                    category?: string;
                    /** @description Only items whose `price` is greater than this; with `category`. */
                    "price[gt]"?: number;
                    /** @description Only items whose `price` is at least this; with `category`. */
                    "price[gte]"?: number;
                    /** @description Only items whose `price` is less than this; with `category`. */
                    "price[lt]"?: number;
                    /** @description Only items whose `price` is at most this; with `category`. */
                    "price[lte]"?: number;
                    /** @description By the queried index's sort field: `asc` (the default) or `desc`; only with an index's partition field. */
                    order?: "asc" | "desc";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page of items */
                200: {
                    headers: {
                        /** @description The next page, `rel="next"`, when more remain. */
                        Link?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ItemList"];
                    };
                };
                /** @description Invalid `limit` or `cursor` (or a cursor of another query), or a parameter that cannot be queried: `errors` names it, `detail` says what can be */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The store is unavailable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create an item */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes retries safe: a repeat with the same key and the same fields returns the first answer (same record, 201, `Idempotent-Replayed: true`) without a second record; the same key with other fields is 422. Keys are kept 24 hours. E.g. a UUID made once per record the client means to create. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ItemBody"];
                };
            };
            responses: {
                /** @description The stored item (or, for a repeated `Idempotency-Key`, the one first stored) */
                201: {
                    headers: {
                        /** @description The item's version, quoted: a strong entity tag for `If-Match` and `If-None-Match`. */
                        ETag?: string;
                        /** @description The new item, relative to this request. */
                        Location?: string;
                        /** @description `true` when this answers a repeat of an earlier request. */
                        "Idempotent-Replayed"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Item"];
                    };
                };
                /** @description The body is not a JSON object */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The `Content-Type` is not JSON (a body sent without one is read as JSON) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid fields, each listed in `errors`; or an `Idempotency-Key` already used for other fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The store is unavailable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an item */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Answer 304, without a body, when the record is still at this `ETag` (e.g. `"1"`). */
                    "if-none-match"?: string;
                    /** @description Write only if the record is at this `ETag` (e.g. `"1"`; or, with `*`, exists); otherwise 412. Without it, the write is unconditional. */
                    "if-match"?: string;
                };
                path: {
                    /** @description An id the server issued; any other value is simply not found. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The item */
                200: {
                    headers: {
                        /** @description The item's version, quoted: a strong entity tag for `If-Match` and `If-None-Match`. */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Item"];
                    };
                };
                /** @description Not modified: still at the version `If-None-Match` names */
                304: {
                    headers: {
                        /** @description The item's version, quoted: a strong entity tag for `If-Match` and `If-None-Match`. */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description No such item */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description `If-Match` does not name the current version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The store is unavailable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Replace an item
         * @description Replaces `name`, `price`, `description`, `category` of an existing item and moves its version on. Never creates one. With `If-Match`, only if it is still at that version: of concurrent writers sending the same `ETag`, one wins.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Write only if the record is at this `ETag` (e.g. `"1"`; or, with `*`, exists); otherwise 412. Without it, the write is unconditional. */
                    "if-match"?: string;
                };
                path: {
                    /** @description An id the server issued; any other value is simply not found. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ItemBody"];
                };
            };
            responses: {
                /** @description The replaced item */
                200: {
                    headers: {
                        /** @description The item's version, quoted: a strong entity tag for `If-Match` and `If-None-Match`. */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Item"];
                    };
                };
                /** @description The body is not a JSON object */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such item */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description `If-Match` does not name the current version (or the item is gone) */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The `Content-Type` is not JSON (a body sent without one is read as JSON) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid fields, each listed in `errors` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The store is unavailable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        /**
         * Delete an item
         * @description With `If-Match`, only if it is still at that version.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Write only if the record is at this `ETag` (e.g. `"1"`; or, with `*`, exists); otherwise 412. Without it, the write is unconditional. */
                    "if-match"?: string;
                };
                path: {
                    /** @description An id the server issued; any other value is simply not found. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description No such item */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description `If-Match` does not name the current version (or the item is gone) */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The store is unavailable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the history of an item
         * @description Every change of the item, oldest first: its create, each replace, its delete, each with the item as the change left it. Paged as `GET /items` is: when more remain, a `Link: <…>; rel="next"` header carries the next page. The history is written from the table's stream, after the write: a change may not show yet right after it is made (well under a second locally, seconds on AWS), and an item written before its history was kept has entries only from then on. A deleted item's history is still read; an id that never was is 404.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page. */
                    limit?: number;
                    /** @description Opaque; taken from the `Link: <…>; rel="next"` header of the previous page. */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description An id the server issued; any other value is simply not found. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page of the item's changes, oldest first; empty while its first change is still on its way */
                200: {
                    headers: {
                        /** @description The next page, `rel="next"`, when more remain. */
                        Link?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ItemHistory"];
                    };
                };
                /** @description Invalid `limit` or `cursor` (or a cursor of another history): `errors` names it */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such item, now or ever */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The store is unavailable; retry after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            /** @description Quote it when reporting a problem. */
            requestId?: string;
            /** @description The fields at fault: of a validation problem, or the unique field whose value is taken. */
            errors?: components["schemas"]["FieldError"][];
        };
        FieldError: {
            /** @enum {string} */
            in: "body" | "query" | "path" | "header";
            /** @description Dotted path to the field inside `in`; empty for the whole of it. */
            path: string;
            message: string;
        };
        /** @description The fields a client sets. Unknown fields, `id` included, are ignored. */
        ItemInput: {
            /** @example Espresso cup */
            name: string;
            /**
             * @description In the smallest unit of the currency (cents).
             * @example 1250
             */
            price: number;
            /**
             * @default
             * @example Porcelain, 80 ml
             */
            description?: string;
            /**
             * @description What kind of item it is; an item may have none.
             * @example kitchen
             */
            category?: string;
        };
        /** @description The same item, wrapped in `item`. */
        ItemEnvelope: {
            item: components["schemas"]["ItemInput"];
        };
        /** @description An item, plain or wrapped in `item`; both mean the same. */
        ItemBody: components["schemas"]["ItemInput"] | components["schemas"]["ItemEnvelope"];
        Item: {
            /** @example Espresso cup */
            name: string;
            /**
             * @description In the smallest unit of the currency (cents).
             * @example 1250
             */
            price: number;
            /** @example Porcelain, 80 ml */
            description: string;
            /**
             * @description What kind of item it is; an item may have none.
             * @example kitchen
             */
            category?: string;
            /**
             * Format: uuid
             * @description Made by the server.
             * @example 1f0c7a44-5f6e-4d8e-9a53-2a1d54c0b6a1
             */
            readonly id: string;
            /**
             * @description 1 when created, one more on every replace; the `ETag` of the item's responses is this number, quoted.
             * @example 1
             */
            readonly version: number;
            /**
             * Format: date-time
             * @example 2026-11-28T12:00:00.000Z
             */
            readonly createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-28T12:00:00.000Z
             */
            readonly updatedAt: string;
        };
        ItemList: components["schemas"]["Item"][];
        /** @description One change of an item: `record` is the item after it, or, for a delete, as it was before it. */
        ItemHistoryEntry: {
            /**
             * @description The item's version after the change; for a delete, the version it deleted.
             * @example 2
             */
            version: number;
            /**
             * @description What the change did.
             * @example replaced
             * @enum {string}
             */
            type: "created" | "replaced" | "deleted";
            /**
             * Format: date-time
             * @description When the change happened: the item's `updatedAt`, or, for a delete, when it was deleted.
             * @example 2026-11-28T12:00:00.000Z
             */
            at: string;
            record: components["schemas"]["Item"];
            /**
             * @description The item's fields (its client's and its computed ones) the change set, changed or removed; never `id`, `version`, `createdAt` or `updatedAt`.
             * @example [
             *       "name"
             *     ]
             */
            changed: string[];
        };
        /** @description Changes of one item, oldest first. */
        ItemHistory: components["schemas"]["ItemHistoryEntry"][];
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
