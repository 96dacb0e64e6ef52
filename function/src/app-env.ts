import type { RequestIdVariables } from 'hono/request-id';

/** What the app's context carries, whichever entry point serves it. */
export interface AppEnv {
  Variables: RequestIdVariables;
}
