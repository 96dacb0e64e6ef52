/** What is known of a request once the app has answered it: what logs and metrics are made of. */
export interface RequestRecord {
  method: string;
  /** The route's template (`/items/{id}`), never the raw path; `unmatched` when no route took the path. */
  route: string;
  status: number;
  /** From the app's first middleware to its response, in milliseconds. */
  latencyMs: number;
  requestId: string | undefined;
}

export type RequestListener = (record: RequestRecord) => void;
