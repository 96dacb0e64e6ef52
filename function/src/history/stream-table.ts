/**
 * The name of the table a stream record comes from, read from its `eventSourceARN`
 * (`arn:aws:dynamodb:<region>:<account>:table/<TableName>/stream/<label>`); undefined for anything else.
 */
export function streamTableName(eventSourceArn: string | undefined): string | undefined {
  if (eventSourceArn === undefined) return undefined;
  // Table names are 3–255 of [A-Za-z0-9_.-]: no slash, so the name is exactly what lies between the two.
  const match = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([A-Za-z0-9_.-]{3,255})\/stream\/[^/]+$/.exec(eventSourceArn);
  return match?.[1];
}
