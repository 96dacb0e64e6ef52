export {
  type ApiClient,
  type ApiClientOptions,
  type CreateOptions,
  createApiClient,
  type HistoryEntryOf,
  type HistoryResourceName,
  type InputOf,
  type ListQueryOf,
  type RecordOf,
  type ResourceClient,
  type ResourceName,
  type Versioned,
} from './api-client.js';
export type { components, paths } from './generated/openapi.js';
export { nextPageUrl } from './links.js';
export { ApiProblem, type Problem } from './problem.js';
