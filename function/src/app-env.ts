import type { RequestIdVariables } from 'hono/request-id';

/** What the app's context carries, whichever entry point serves it. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    /** The template of the route the request's path belongs to (`/items/{id}`), or `unmatched`. */
    route: string;
  };
}
