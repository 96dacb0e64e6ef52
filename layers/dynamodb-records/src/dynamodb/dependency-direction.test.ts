import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// dynamodb/ is the lower layer: records/ is built on it, never the other way round, so that the client
// and its configuration can be taken, changed and tested without the records. Its tests may still use
// records as a realistic caller; what ships may not.
const DYNAMODB = new URL('./', import.meta.url);
const SETTINGS = new URL('../settings/', import.meta.url);
const RECORDS = new URL('../records/', import.meta.url);

/** Every module specifier a source imports or re-exports, static or dynamic. */
function specifiersOf(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm);
  return [...found].map((match) => match[1] as string);
}

async function sourcesIn(dir: URL): Promise<{ file: string; source: string }[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  return Promise.all(names.map(async (file) => ({ file, source: await readFile(new URL(file, dir), 'utf8') })));
}

describe('the layer library depends downwards only', () => {
  it('finds the imports it scans for', () => {
    expect(
      specifiersOf(`import { a } from '../records/errors.js';\nexport { b } from "./x.js";\nawait import('../records/y.js');`),
    ).toEqual(['../records/errors.js', './x.js', '../records/y.js']);
  });

  it('dynamodb/ imports nothing from records/', async () => {
    const sources = await sourcesIn(DYNAMODB);
    expect(sources.map(({ file }) => file)).toContain('connection-config.ts');
    const upward = sources.flatMap(({ file, source }) =>
      specifiersOf(source)
        .filter((specifier) => specifier.startsWith('../records'))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(upward).toEqual([]);
  });

  it('settings/ imports nothing from records/ nor dynamodb/', async () => {
    const upward = (await sourcesIn(SETTINGS)).flatMap(({ file, source }) =>
      specifiersOf(source)
        .filter((specifier) => specifier.startsWith('../'))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(upward).toEqual([]);
  });

  it('records/ imports nothing from history/, which is built on it', async () => {
    const upward = (await sourcesIn(RECORDS)).flatMap(({ file, source }) =>
      specifiersOf(source)
        .filter((specifier) => specifier.startsWith('../history'))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(upward).toEqual([]);
  });
});
