import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoreConfig } from './config.js';
import { reportConsumedCapacity, type CapacityListener } from './consumed-capacity.js';

export interface DocumentClientHooks {
  /** Told the capacity of every call (for metrics, or a bulk load's bill). */
  onConsumedCapacity?: CapacityListener;
  /** Wraps the low-level client before the document client is made from it: X-Ray's capture, say. */
  instrument?: (client: DynamoDBClient) => DynamoDBClient;
}

// A DynamoDB that hangs must become a prompt 503, not a Lambda timeout: the SDK's defaults wait
// forever for a connection or an answer. Three attempts (the SDK's backoff between them) stay well
// inside a 10 s function timeout.
const CONNECTION_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
const MAX_ATTEMPTS = 3;

export function createDocumentClient(
  config: Pick<StoreConfig, 'region' | 'endpoint'>,
  { onConsumedCapacity, instrument = (client) => client }: DocumentClientHooks = {},
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(config.region && { region: config.region }),
    ...(config.endpoint && { endpoint: config.endpoint }),
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
  const documents = DynamoDBDocumentClient.from(instrument(client), { marshallOptions: { removeUndefinedValues: true } });
  if (onConsumedCapacity) reportConsumedCapacity(documents, onConsumedCapacity);
  return documents;
}
