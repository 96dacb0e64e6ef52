import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { ItemsTestTable } from '@items-api/test-support/items-table';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

// For the consumer's tests: the stream records Lambda would deliver for items written by the store,
// their images read back as DynamoDB holds them.

export type Image = Record<string, AttributeValue>;

export interface ItemStreamRecords {
  /** A stream record as Lambda delivers one (NEW_AND_OLD_IMAGES), numbered after the last one made. */
  streamRecord(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', images: { newImage?: Image; oldImage?: Image }, table?: string): DynamoDBRecord;
  /** The item as DynamoDB holds it: what a stream image carries. */
  rawItem(id: string): Promise<Image>;
  /** A new item, made by the store: its INSERT record and its image. */
  created(name: string): Promise<{ id: string; image: Image; record: DynamoDBRecord }>;
}

export function streamArnOf(table: string, region = 'us-east-1'): string {
  return `arn:aws:dynamodb:${region}:123456789012:table/${table}/stream/2024-06-01T00:00:00.000`;
}

export function itemStreamRecords(items: ItemsTestTable, region: string): ItemStreamRecords {
  const store = items.store();
  let sequence = 1_000;
  const streamRecord: ItemStreamRecords['streamRecord'] = (eventName, { newImage, oldImage }, table = items.name) => {
    sequence += 1;
    const id = (newImage ?? oldImage)?.id;
    return {
      eventID: `event-${sequence}`,
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      eventSourceARN: streamArnOf(table, region),
      dynamodb: {
        ...(id && { Keys: { id } }),
        ...(newImage && { NewImage: newImage }),
        ...(oldImage && { OldImage: oldImage }),
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        SequenceNumber: String(sequence).padStart(21, '0'),
        SizeBytes: 200,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
  };
  const rawItem = async (id: string): Promise<Image> => {
    const { Item } = await items.client.send(new GetItemCommand({ TableName: items.name, Key: { id: { S: id } }, ConsistentRead: true }));
    if (!Item) throw new Error(`no item ${id}`);
    return Item as Image;
  };
  return {
    streamRecord,
    rawItem,
    created: async (name) => {
      const { id } = await store.create({ name, price: 100, description: '' });
      const image = await rawItem(id);
      return { id, image, record: streamRecord('INSERT', { newImage: image }) };
    },
  };
}
