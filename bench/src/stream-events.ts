import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { SetupClients } from './bench-tables.js';

type Image = NonNullable<NonNullable<DynamoDBStreamEvent['Records'][number]['dynamodb']>['NewImage']>;

/**
 * The batch Lambda's event source mapping sends HistoryFunction for the INSERT of one stored item:
 * one record, every field Lambda always sends, the image as DynamoDB holds it (read back, write token
 * included), from a stream of `tableName` (the consumer knows whose record it is by that name).
 * `sequence` numbers the record, as DynamoDB's sequence numbers do, so that no two runs send the same.
 */
export async function itemInsertEvent(
  clients: SetupClients,
  tableName: string,
  id: string,
  region: string,
  sequence: number,
): Promise<DynamoDBStreamEvent> {
  const { Item } = await clients.dynamoDb.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: id } }, ConsistentRead: true }));
  if (!Item) throw new Error(`No item ${id} in ${tableName}`);
  const image = Item as Image;
  return {
    Records: [
      {
        eventID: `bench-${sequence}`,
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: region,
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: { id: image.id! },
          NewImage: image,
          SequenceNumber: String(sequence).padStart(21, '0'),
          SizeBytes: Buffer.byteLength(JSON.stringify(image)),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN: `arn:aws:dynamodb:${region}:123456789012:table/${tableName}/stream/2026-01-01T00:00:00.000`,
      },
    ],
  };
}
