import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { type DynamoDbStreamRecord, lambdaStreamRecord } from './stream-event.js';

export interface StreamConnection {
  /** DynamoDB's endpoint; DynamoDB Local serves the Streams API on the same one. */
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface ShardInfo {
  shardId: string;
  parentShardId?: string;
  /** No more records will be written to it (it has an ending sequence number). */
  closed: boolean;
}

export type ShardPosition = { type: 'TRIM_HORIZON' | 'LATEST' } | { after: string };

/** A table's stream, read through the DynamoDB Streams API. */
export interface StreamSource {
  readonly streamArn: string;
  /** The stream's shards, parents before their children as DescribeStream lists them. */
  shards(): Promise<ShardInfo[]>;
  iterator(shardId: string, position: ShardPosition): Promise<string>;
  /** One GetRecords; `next` absent once a closed shard is read to its end. */
  read(iterator: string, signal: AbortSignal): Promise<{ records: DynamoDbStreamRecord[]; next?: string }>;
  close(): void;
}

// GetRecords returns at most 1,000 records.
const READ_LIMIT = 1000;

/** The stream of `tableName` (its LatestStreamArn); refused when the table has none. */
export async function openStreamSource(tableName: string, connection: StreamConnection): Promise<StreamSource> {
  const dynamodb = new DynamoDBClient(connection);
  let streamArn: string | undefined;
  try {
    const { Table: table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    streamArn = table?.StreamSpecification?.StreamEnabled ? table.LatestStreamArn : undefined;
  } finally {
    dynamodb.destroy();
  }
  if (!streamArn) throw new Error(`Table ${tableName} has no stream: its StreamSpecification must enable one`);
  const arn = streamArn;
  const streams = new DynamoDBStreamsClient(connection);
  return {
    streamArn: arn,
    async shards() {
      const shards: Shard[] = [];
      let exclusiveStartShardId: string | undefined;
      do {
        const { StreamDescription: description } = await streams.send(
          new DescribeStreamCommand({ StreamArn: arn, ...(exclusiveStartShardId && { ExclusiveStartShardId: exclusiveStartShardId }) }),
        );
        shards.push(...(description?.Shards ?? []));
        exclusiveStartShardId = description?.LastEvaluatedShardId;
      } while (exclusiveStartShardId);
      return shards.map((shard) => ({
        shardId: shard.ShardId!,
        ...(shard.ParentShardId && { parentShardId: shard.ParentShardId }),
        closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
      }));
    },
    async iterator(shardId, position) {
      const { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shardId,
          ...('after' in position
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: position.after }
            : { ShardIteratorType: position.type }),
        }),
      );
      if (!iterator) throw new Error(`No iterator for ${shardId} of ${arn}`);
      return iterator;
    },
    async read(iterator, signal) {
      const answer = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: READ_LIMIT }), { abortSignal: signal });
      return {
        records: (answer.Records ?? []).map((record) => lambdaStreamRecord(record, arn, connection.region)),
        ...(answer.NextShardIterator && { next: answer.NextShardIterator }),
      };
    },
    close: () => streams.destroy(),
  };
}
