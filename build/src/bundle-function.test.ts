import { describe, expect, it } from 'vitest';
import { aliasTable, bundleEntry, type FunctionEntry } from './bundle-function.js';

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

  it('fails if its bundle uses a name the build of stubs found unused (bound to a marker, not to the layer)', async () => {
    const file = fixture('uses-two-names.ts');
    expect((await bundleEntry(file)).deps.map((imported) => imported.alias)).toEqual(['valibot__object', 'valibot__string']);
    // As if the build of stubs had missed `string`.
    const missingString = (used: Map<string, string[]>) =>
      new Map([...used].map(([specifier, names]) => [specifier, names.filter((name) => name !== 'string')]));
    await expect(bundleEntry(file, undefined, missingString)).rejects.toThrow(
      "uses-two-names.ts's bundle uses names of the layer's packages that the build of stubs found unused, so they are not in its dependencies entry: layer-unused:valibot:string",
    );
  });

  it.each([
    ['a/b', 'a-b'],
    ['@a/b', 'a/b'],
  ])('fails when names of %s and %s would get one alias in the dependencies entry', (one, other) => {
    expect(aliasTable(new Map([[one, ['x', 'y']]])).get('a_b__x')).toEqual({ specifier: one, name: 'x' });
    expect(() =>
      aliasTable(
        new Map([
          [one, ['x']],
          [other, ['x']],
        ]),
      ),
    ).toThrow(`x of ${one} and x of ${other} would both be a_b__x in the dependencies entry`);
  });
});
