import { describe, expect, it } from 'vitest';
import { bundleEntry, type FunctionEntry } from './bundle-function.js';

/** A test's entry module in `build/src/fixtures/`, with a dependencies entry of its own. */
const fixture = (file: string): FunctionEntry => ({ name: file, entry: `build/src/fixtures/${file}`, deps: '@items-api/layer/fixture' });

describe('bundling a function', () => {
  it('gives a package imported both statically and with import() its own layer entry, which the import() needs', async () => {
    const bundle = await bundleEntry(fixture('static-and-dynamic-import.ts'));
    expect(bundle.deps.map((imported) => imported.alias)).toEqual(['hono__Hono']);
    expect(bundle.lazy).toEqual(['hono']);
  });

  it.each(['side-effect-import.ts', 'unused-import.ts'])(
    'fails on %s, whose import of a layer package would be dropped, never evaluated',
    async (file) => {
      await expect(bundleEntry(fixture(file))).rejects.toThrow(
        'a side-effect-only import of hono is not supported by the dependencies entry; import a name from it',
      );
    },
  );
});
