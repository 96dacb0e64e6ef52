// DynamoDB Local takes any credentials and any region (it keeps a set of tables per region). Where the
// environment names none, these stand in for AWS's: the one place the local tooling and tests take them
// from. Apart from `stand-in-aws.ts`, with no import, so that the Vitest config can load them as they are.

export const STAND_IN_REGION = 'us-east-1';
export const STAND_IN_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
