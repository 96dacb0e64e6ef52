import { describe, expect, it } from 'vitest';
import { generatedTypes, generatedTypesAreCurrent } from './generate.js';

describe('the generated types', () => {
  it('are what the API document makes now (else: npm run client:generate)', { timeout: 60_000 }, async () => {
    expect(await generatedTypesAreCurrent(), 'client/src/generated/openapi.ts is stale: run `npm run client:generate`').toBe(true);
  });

  it('type every resource path and the problem schema', async () => {
    const types = await generatedTypes();
    for (const part of ['"/items": {', '"/items/{id}": {', 'Problem: {', '"idempotency-key"?: string;']) expect(types).toContain(part);
  });
});
