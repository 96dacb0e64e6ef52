import { stringSetting } from '@items-api/dynamodb-records';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION } from './stand-in-values.js';

export { STAND_IN_CREDENTIALS, STAND_IN_REGION } from './stand-in-values.js';

/** The environment's region and credentials, or the stand-ins. */
export function standInAws(env: NodeJS.ProcessEnv = process.env) {
  return {
    region: stringSetting(env, 'AWS_REGION') ?? STAND_IN_REGION,
    credentials: {
      accessKeyId: stringSetting(env, 'AWS_ACCESS_KEY_ID') ?? STAND_IN_CREDENTIALS.accessKeyId,
      secretAccessKey: stringSetting(env, 'AWS_SECRET_ACCESS_KEY') ?? STAND_IN_CREDENTIALS.secretAccessKey,
    },
  };
}

/** `AWS_REGION`, `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` as `standInAws` has them, for a child or the app. */
export function standInAwsVariables(
  env: NodeJS.ProcessEnv = process.env,
): Record<'AWS_REGION' | 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY', string> {
  const { region, credentials } = standInAws(env);
  return { AWS_REGION: region, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
}
