import type { _Record, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

type Image = Record<string, AttributeValue>;

/**
 * One record of the event Lambda sends a DynamoDB stream consumer, every field present that Lambda
 * always sends (aws-sam-cli's `DynamoDBUpdate.json` event, @types/aws-lambda's `DynamoDBRecord`).
 */
export interface DynamoDbStreamRecord extends DynamoDBRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    Keys: Image;
    NewImage?: Image;
    OldImage?: Image;
    /** Seconds since the epoch. */
    ApproximateCreationDateTime: number;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
  };
  eventSourceARN: string;
}

export interface DynamoDbStreamEvent extends DynamoDBStreamEvent {
  Records: DynamoDbStreamRecord[];
}

/**
 * The record Lambda hands the function for one record GetRecords returned. The region is the
 * mapping's: DynamoDB Local names its own (`ddblocal`) in `awsRegion`.
 */
export function lambdaStreamRecord(record: _Record, streamArn: string, region: string): DynamoDbStreamRecord {
  const change = record.dynamodb;
  if (!record.eventID || !record.eventName || !change?.SequenceNumber || !change.Keys || !change.StreamViewType) {
    throw new Error(`A stream record of ${streamArn} lacks what Lambda's event carries: ${JSON.stringify(record)}`);
  }
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      Keys: imageOf(change.Keys),
      ...(change.NewImage && { NewImage: imageOf(change.NewImage) }),
      ...(change.OldImage && { OldImage: imageOf(change.OldImage) }),
      ApproximateCreationDateTime: (change.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000,
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes ?? 0,
      StreamViewType: change.StreamViewType,
    },
    // A deletion by TTL says so; Lambda passes it on.
    ...(record.userIdentity && { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }),
    eventSourceARN: streamArn,
  };
}

function imageOf(attributes: Record<string, SdkAttributeValue>): Image {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, attributeOf(value)]));
}

// The SDK decodes binary values; Lambda's event carries them as the wire's base64.
function attributeOf(value: SdkAttributeValue): AttributeValue {
  const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(attributeOf) };
  if (value.M !== undefined) return { M: imageOf(value.M) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  throw new Error(`An attribute value of a type Lambda's event has no form for: ${JSON.stringify(value)}`);
}
