import { z } from '@hono/zod-openapi';

// One schema per type: it validates requests, types the handlers and writes the OpenAPI document.

export const ItemInputSchema = z
  .object({
    name: z.string().min(1).max(200).openapi({ example: 'Espresso cup' }),
    // z.int() also bounds the price to safe integers, so it survives JSON and DynamoDB unchanged.
    price: z.int().min(0).openapi({ description: 'In the smallest unit of the currency (cents).', example: 1250 }),
    description: z.string().max(2000).default('').openapi({ example: 'Porcelain, 80 ml' }),
  })
  .openapi('ItemInput', { description: 'The fields a client sets. Unknown fields, `id` included, are ignored.' });

export const ItemEnvelopeSchema = z
  .object({ item: ItemInputSchema })
  .openapi('ItemEnvelope', { description: 'The body shape the reference API took: the item wrapped in `item`.' });

export const ItemBodySchema = z
  .union([ItemInputSchema, ItemEnvelopeSchema])
  .openapi('ItemBody', { description: 'An item, plain or wrapped in an envelope; both mean the same.' });

export const ItemSchema = ItemInputSchema.extend({
  id: z.uuid().openapi({ description: 'Made by the server.', example: '1f0c7a44-5f6e-4d8e-9a53-2a1d54c0b6a1' }),
  version: z.int().min(1).openapi({
    description: '1 when created, one more on every replace; the `ETag` of the item\'s responses is this number, quoted.',
    example: 1,
  }),
  createdAt: z.iso.datetime().openapi({ example: '2026-11-28T12:00:00.000Z' }),
  updatedAt: z.iso.datetime().openapi({ example: '2026-11-28T12:00:00.000Z' }),
}).openapi('Item');

export const ItemListSchema = z.array(ItemSchema).openapi('ItemList');

export const ItemIdParamsSchema = z.object({
  id: z.string().openapi({
    param: { name: 'id', in: 'path' },
    format: 'uuid',
    description: 'An id the server issued; any other value is simply not found.',
  }),
});

export const IfMatchHeadersSchema = z.object({
  'if-match': z.string().optional().openapi({
    param: { name: 'if-match', in: 'header' },
    // No `example`: Swagger UI's "Try it out" would send it, and every write would become conditional.
    description:
      'Write only if the item is at this `ETag` (e.g. `"1"`; or, with `*`, exists); otherwise 412. Without it, the write is unconditional.',
  }),
});

export const IdempotencyKeyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'Visible ASCII characters only')
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        'Makes retries safe: a repeat with the same key and the same fields returns the first answer (same item, 201, ' +
        '`Idempotent-Replayed: true`) without a second item; the same key with other fields is 422. Keys are kept 24 hours. ' +
        'E.g. a UUID made once per item the client means to create.',
    }),
});

export const IfNoneMatchHeadersSchema = z.object({
  'if-none-match': z.string().optional().openapi({
    param: { name: 'if-none-match', in: 'header' },
    description: 'Answer 304, without a body, when the item is still at this `ETag` (e.g. `"1"`).',
  }),
});

export const ListQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', description: 'Items per page.' }),
  cursor: z
    .string()
    .min(1)
    .optional()
    .openapi({
      param: { name: 'cursor', in: 'query' },
      description: 'Opaque; taken from the `Link: <…>; rel="next"` header of the previous page.',
    }),
});

export type ItemBody = z.infer<typeof ItemBodySchema>;
export type ItemInput = z.infer<typeof ItemInputSchema>;

export function unwrapItemBody(body: ItemBody): ItemInput {
  return 'item' in body ? body.item : body;
}
