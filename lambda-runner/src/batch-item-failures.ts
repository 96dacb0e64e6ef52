/**
 * How Lambda reads a stream consumer's answer when its mapping has `FunctionResponseTypes:
 * [ReportBatchItemFailures]` ("Configuring partial batch response with DynamoDB and Lambda",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html):
 * - success: an empty or null `batchItemFailures` list, an empty or null response;
 * - complete failure: an `itemIdentifier` that is an empty string, null, or under another key name —
 *   and, here as on AWS, one that is no sequence number of the batch;
 * - otherwise a partial failure: Lambda checkpoints before the lowest sequence number reported and
 *   retries from that record.
 */
export type BatchResponse =
  | { kind: 'success' }
  /** `firstFailed`: the index in the batch of the record with the lowest reported sequence number. */
  | { kind: 'partial'; firstFailed: number }
  | { kind: 'invalid'; reason: string };

/** `sequenceNumbers`: the batch's, in its order (the stream's). */
export function readBatchResponse(payload: unknown, sequenceNumbers: readonly string[]): BatchResponse {
  // Lambda reads only `batchItemFailures`; an answer of another shape (a string, a count) reports none.
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { kind: 'success' };
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'invalid', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  let firstFailed = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const identifier =
      typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof identifier !== 'string' || identifier === '') {
      return { kind: 'invalid', reason: `${JSON.stringify(failure)} has no itemIdentifier` };
    }
    const index = sequenceNumbers.indexOf(identifier);
    if (index === -1) return { kind: 'invalid', reason: `itemIdentifier ${identifier} is no sequence number of the batch` };
    firstFailed = Math.min(firstFailed, index);
  }
  return { kind: 'partial', firstFailed };
}
