import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

/** A record as DynamoDB's JSON protocol writes it: `{ "name": { "S": "Cup" }, "price": { "N": "1250" } }`. */
export type AttributeMap = Record<string, unknown>;

/** Plain values to DynamoDB's, with the AWS SDK's own marshaller (undefined fields left out). */
export function toAttributes(record: object): AttributeMap {
  return marshall(record, { removeUndefinedValues: true }) as AttributeMap;
}

export function fromAttributes(attributes: AttributeMap): Record<string, unknown> {
  return unmarshall(attributes as Parameters<typeof unmarshall>[0]);
}
