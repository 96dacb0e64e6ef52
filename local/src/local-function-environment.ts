/**
 * What the function needs, beyond the template's own variables, to run in the local runner against
 * a local DynamoDB. On AWS none of it is set: credentials come from the function's role.
 */
export function localFunctionEnvironment(dynamoDbEndpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    // DynamoDB Local takes any credentials.
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    // The function runs on this machine's Node.js; the SDK's notice about Node 20 does not concern
    // the nodejs22.x runtime it is deployed to.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
