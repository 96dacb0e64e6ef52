import aws4 from 'aws4';
import { backoff } from './backoff.js';
import { type CapacityListener, reportConsumedCapacity } from './consumed-capacity.js';
import { DynamoDbError, errorFromResponse } from './dynamodb-error.js';
import { HttpTransport } from './dynamodb-transport.js';

/** The DynamoDB operations this library makes. */
export type DynamoDbOperation =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Scan'
  | 'Query'
  | 'TransactWriteItems'
  | 'BatchWriteItem';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** One call as an observer sees it begin, and how it ended. */
export interface DynamoDbCall {
  operation: DynamoDbOperation;
  /** The table named by the call's `TableName`, when it names one. */
  tableName: string | undefined;
  region: string;
}
export interface DynamoDbCallOutcome {
  /** DynamoDB's `x-amzn-RequestId` of the last attempt, when one answered. */
  requestId: string | undefined;
  statusCode: number | undefined;
  /** Attempts after the first. */
  retries: number;
  error: DynamoDbError | undefined;
}
/** Told of each call as it starts; the function it returns is told how the call ended (an X-Ray subsegment, say). */
export type CallObserver = (call: DynamoDbCall) => (outcome: DynamoDbCallOutcome) => void;

export interface DynamoDbClientHooks {
  /** Told the capacity of every call (for metrics, or a bulk load's bill). */
  onConsumedCapacity?: CapacityListener;
  /** Told of every call: where traces come from. */
  observeCall?: CallObserver;
  /** Where credentials come from when the environment has none (Lambda's always does): a profile's, say. */
  credentials?: () => Promise<Credentials>;
}

export interface DynamoDbClient {
  /** One DynamoDB call (its JSON protocol, attribute values as DynamoDB writes them), retried as below. */
  call<Output = Record<string, unknown>>(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<Output>;
  /** Closes kept-alive connections, so that a process (a test, a CLI) can exit. */
  destroy(): void;
}

// A DynamoDB that hangs must become a prompt 503, not a Lambda timeout. Three attempts of at most
// 1 s to connect and 2 s to answer, with backoff between them, stay well inside a 10 s function timeout.
const TIMEOUTS = { connectMs: 1_000, requestMs: 2_000 };
const MAX_ATTEMPTS = 3;
// Exponential backoff with full jitter, as the AWS SDK's standard retry mode: up to 100 ms, 200 ms, …
const BACKOFF = { baseMs: 100, capMs: 20_000 };

/**
 * A DynamoDB client of the size a Lambda cold start can afford: SigV4 from `aws4`, the HTTP call and
 * its timeouts by hand (see `HttpTransport`), bounded retries with backoff and jitter on throttling,
 * 5xx and network failures, typed errors (`DynamoDbError`), consumed capacity, and a hook per call.
 */
export function createDynamoDbClient(
  config: { region: string; endpoint?: string | undefined; credentials?: Credentials | undefined },
  { onConsumedCapacity, observeCall, credentials: credentialsProvider }: DynamoDbClientHooks = {},
): DynamoDbClient {
  const { region } = config;
  const url = new URL(config.endpoint ?? `https://dynamodb.${region}.amazonaws.com/`);
  const transport = new HttpTransport(url, TIMEOUTS);
  const credentials = async (): Promise<Credentials> => {
    if (config.credentials) return config.credentials;
    if (credentialsProvider) return credentialsProvider();
    throw new DynamoDbError('CredentialsError', 'No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.');
  };

  const attempt = async (operation: DynamoDbOperation, body: string): Promise<{ output: unknown; requestId: string | undefined }> => {
    const signed = aws4.sign(
      {
        host: url.host,
        path: url.pathname,
        method: 'POST',
        service: 'dynamodb',
        region,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` },
        body,
      },
      signingCredentials(await credentials()),
    );
    const answer = await transport.post(signed.headers as Record<string, string>, body);
    const requestId = header(answer.headers['x-amzn-requestid']);
    if (answer.statusCode !== 200) throw errorFromResponse(answer.statusCode, answer.body, requestId);
    return { output: JSON.parse(answer.body), requestId };
  };

  return {
    async call<Output>(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<Output> {
      const request = onConsumedCapacity ? { ReturnConsumedCapacity: 'TOTAL', ...input } : input;
      const body = JSON.stringify(request);
      const ended = observeCall?.({ operation, tableName: typeof input.TableName === 'string' ? input.TableName : undefined, region });
      for (let retries = 0; ; retries += 1) {
        try {
          const { output, requestId } = await attempt(operation, body);
          ended?.({ requestId, statusCode: 200, retries, error: undefined });
          if (onConsumedCapacity) reportConsumedCapacity(operation, output, onConsumedCapacity);
          return output as Output;
        } catch (caught) {
          const error = caught instanceof DynamoDbError ? caught : new DynamoDbError('ClientError', String(caught), { cause: caught });
          if (!error.retryReason || retries + 1 >= MAX_ATTEMPTS) {
            ended?.({ requestId: error.requestId, statusCode: error.statusCode, retries, error });
            throw error;
          }
          await backoff(retries, BACKOFF);
        }
      }
    },
    destroy: () => transport.destroy(),
  };
}

function signingCredentials({ accessKeyId, secretAccessKey, sessionToken }: Credentials): aws4.Credentials {
  return { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
