import * as v from 'valibot';

// The parameters and headers every resource's routes take.

export const IdParamsSchema = v.object({
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
      'Write only if the record is at this `ETag` (e.g. `"1"`; or, with `*`, exists); otherwise 412. Without it, the write is unconditional.',
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
        'Makes retries safe: a repeat with the same key and the same fields returns the first answer (same record, 201, ' +
          '`Idempotent-Replayed: true`) without a second record; the same key with other fields is 422. Keys are kept 24 hours. ' +
          'E.g. a UUID made once per record the client means to create.',
      ),
    ),
  ),
});

export const ReadHeadersSchema = v.object({
  'if-none-match': v.optional(
    v.pipe(v.string(), v.description('Answer 304, without a body, when the record is still at this `ETag` (e.g. `"1"`).')),
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
    v.pipe(v.string(), v.minLength(1), v.description('Opaque; taken from the `Link: <…>; rel="next"` header of the previous page.')),
  ),
});
