import type { Context } from 'hono';
import { problem, sendProblem } from './problems.js';

/** A 405 with `Allow`, or undefined when the path is unknown whatever the method. */
export function methodNotAllowed(c: Context, allowed: string[] | undefined): Response | undefined {
  if (!allowed || allowed.includes(c.req.method)) return undefined;
  return sendProblem(
    c,
    problem(405, {
      detail: `${c.req.path} takes ${allowed.join(', ')}, not ${c.req.method}.`,
      requestId: c.get('requestId') as string | undefined,
    }),
    { allow: allowed.join(', ') },
  );
}
