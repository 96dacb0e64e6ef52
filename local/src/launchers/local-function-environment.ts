import { standInAwsVariables } from '@items-api/dynamodb-local/stand-in-aws';

/**
 * What the function needs, beyond the template's own variables, to run in the local runner against
 * a local DynamoDB. On AWS none of it is set: credentials come from the function's role.
 */
export function localFunctionEnvironment(dynamoDbEndpoint: string): Record<string, string> {
  const credentials = standInAwsVariables();
  return {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ACCESS_KEY_ID: credentials.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: credentials.AWS_SECRET_ACCESS_KEY,
  };
}
