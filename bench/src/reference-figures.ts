/**
 * The reference (FastAPI + Mangum on Python) as measured on a machine of this kind against the same
 * DynamoDB Local, from the benchmark issue. It cannot be rerun here: its packages come from PyPI,
 * which these machines do not reach.
 */
export const REFERENCE = {
  /** A fresh process answering one GET /items/{id}, as the cold-start table measures ours: 7.2× the bare job then. */
  coldStartMs: '1,156',
  warmGetP50Ms: 9.7,
  warmGetP99Ms: 61,
  requestsPerSecond: '80–90',
} as const;
