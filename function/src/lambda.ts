import { defaultItemStore } from '@items-api/items-store';
import { handle, type LambdaContext } from 'hono/aws-lambda';
import { createApp } from './app.js';

// Built once per execution environment, at init; the store connects on its first use.
const app = createApp({
  store: defaultItemStore,
  newRequestId: (c) => (c.env as { lambdaContext?: LambdaContext }).lambdaContext?.awsRequestId ?? crypto.randomUUID(),
});

/** API Gateway REST (v1) and HTTP API (v2) events, function URLs and ALB: the adapter tells them apart. */
export const handler = handle(app);
