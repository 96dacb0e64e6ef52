import type { components } from './generated/openapi.js';

/** An RFC 9457 problem, as every refusal of the API describes itself. */
export type Problem = components['schemas']['Problem'];

/** A request the API refused or failed: its status, and the problem+json it answered with. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly response: Response,
  ) {
    super(`${status} ${problem.title}: ${problem.detail}`);
  }

  /** The `Retry-After` seconds of a 503, when the API said. */
  get retryAfterSeconds(): number | undefined {
    const value = Number(this.response.headers.get('retry-after'));
    return Number.isFinite(value) && value > 0 ? value : undefined;
  }
}

/** The problem of a failed response; one with no problem+json body (a proxy's 502) is described from its status. */
export function problemOf(response: Response, body: unknown): ApiProblem {
  const problem = isProblem(body)
    ? body
    : {
        type: 'about:blank',
        title: response.statusText || 'Error',
        status: response.status,
        detail: `The API answered ${response.status}.`,
      };
  return new ApiProblem(response.status, problem, response);
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'status' in body && 'title' in body && 'detail' in body;
}
