import * as v from 'valibot';

// One schema per type: it validates requests, types the handlers and writes the OpenAPI document.

export const ItemInputSchema = v.pipe(
  v.object({
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.examples(['Espresso cup'])),
    // Safe integers only, so the price survives JSON and DynamoDB unchanged.
    price: v.pipe(
      v.number(),
      v.safeInteger(),
      v.minValue(0),
      v.description('In the smallest unit of the currency (cents).'),
      v.examples([1250]),
    ),
    description: v.optional(v.pipe(v.string(), v.maxLength(2000), v.examples(['Porcelain, 80 ml'])), ''),
  }),
  v.description('The fields a client sets. Unknown fields, `id` included, are ignored.'),
);

export const ItemEnvelopeSchema = v.pipe(
  v.object({ item: ItemInputSchema }),
  v.description('The body shape the reference API took: the item wrapped in `item`.'),
);

export const ItemBodySchema = v.pipe(
  v.union([ItemInputSchema, ItemEnvelopeSchema]),
  v.description('An item, plain or wrapped in an envelope; both mean the same.'),
);

/** Which option of `ItemBodySchema` a body means: the envelope when it has `item`. */
export function itemBodyOption(input: unknown): number {
  return typeof input === 'object' && input !== null && 'item' in input ? 1 : 0;
}

const TIMESTAMP_EXAMPLE = '2026-11-28T12:00:00.000Z';

export const ItemSchema = v.object({
  ...ItemInputSchema.entries,
  id: v.pipe(v.string(), v.uuid(), v.description('Made by the server.'), v.examples(['1f0c7a44-5f6e-4d8e-9a53-2a1d54c0b6a1'])),
  version: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(1),
    v.description("1 when created, one more on every replace; the `ETag` of the item's responses is this number, quoted."),
    v.examples([1]),
  ),
  createdAt: v.pipe(v.string(), v.isoTimestamp(), v.examples([TIMESTAMP_EXAMPLE])),
  updatedAt: v.pipe(v.string(), v.isoTimestamp(), v.examples([TIMESTAMP_EXAMPLE])),
});

export const ItemListSchema = v.array(ItemSchema);

/** The item schemas by the names the OpenAPI document gives them. */
export const ITEM_SCHEMAS = {
  ItemInput: ItemInputSchema,
  ItemEnvelope: ItemEnvelopeSchema,
  ItemBody: ItemBodySchema,
  Item: ItemSchema,
  ItemList: ItemListSchema,
};

export const ItemIdParamsSchema = v.object({
  id: v.pipe(
    v.string(),
    v.description('An id the server issued; any other value is simply not found.'),
    // Documented as what the server issues; any other value is looked up all the same (and not found).
    v.metadata({ format: 'uuid' }),
  ),
});

const ifMatch = v.optional(
  v.pipe(
    v.string(),
    // No example: Swagger UI's "Try it out" would send it, and every write would become conditional.
    v.description(
      'Write only if the item is at this `ETag` (e.g. `"1"`; or, with `*`, exists); otherwise 412. Without it, the write is unconditional.',
    ),
  ),
);

export const IfMatchHeadersSchema = v.object({ 'if-match': ifMatch });

export const IdempotencyKeyHeadersSchema = v.object({
  'idempotency-key': v.optional(
    v.pipe(
      v.string(),
      v.minLength(1),
      v.maxLength(255),
      v.regex(/^[\x21-\x7e]+$/, 'Visible ASCII characters only'),
      v.description(
        'Makes retries safe: a repeat with the same key and the same fields returns the first answer (same item, 201, ' +
          '`Idempotent-Replayed: true`) without a second item; the same key with other fields is 422. Keys are kept 24 hours. ' +
          'E.g. a UUID made once per item the client means to create.',
      ),
    ),
  ),
});

export const ReadHeadersSchema = v.object({
  'if-none-match': v.optional(
    v.pipe(v.string(), v.description('Answer 304, without a body, when the item is still at this `ETag` (e.g. `"1"`).')),
  ),
  'if-match': ifMatch,
});

const DEFAULT_LIMIT = 100;

export const ListQuerySchema = v.object({
  limit: v.pipe(
    v.optional(v.string(), String(DEFAULT_LIMIT)),
    v.toNumber(),
    v.number(),
    v.integer(),
    v.minValue(1),
    v.maxValue(1000),
    v.description('Items per page.'),
    v.metadata({ default: DEFAULT_LIMIT }),
  ),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.minLength(1),
      v.description('Opaque; taken from the `Link: <…>; rel="next"` header of the previous page.'),
    ),
  ),
});

export type ItemBody = v.InferOutput<typeof ItemBodySchema>;
export type ItemInput = v.InferOutput<typeof ItemInputSchema>;

export function unwrapItemBody(body: ItemBody): ItemInput {
  return 'item' in body ? body.item : body;
}
