/** What is known of a request once the app has answered it: what logs and metrics are made of. */
export interface RequestRecord {
  method: string;
  /** The route's template (`/items/{id}`), never the raw path: ids would make every request a metric of its own. */
  route: string;
  status: number;
  /** From the app's first middleware to its response, in milliseconds. */
  latencyMs: number;
  requestId: string | undefined;
}

/** The route of a request whose path no route of the app takes: 404s of any path share it. */
export const UNMATCHED_ROUTE = 'unmatched';

export type RequestListener = (record: RequestRecord) => void;
