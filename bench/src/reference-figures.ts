/**
 * The reference (FastAPI + Mangum on Python) as measured on a machine of this kind against the same
 * DynamoDB Local, from the benchmark issue. It cannot be rerun here: its packages come from PyPI,
 * which these machines do not reach.
 */
export const REFERENCE = {
  coldStartMs: '500–600',
  warmGetP50Ms: 9.7,
  warmGetP99Ms: 61,
  requestsPerSecond: '80–90',
} as const;
