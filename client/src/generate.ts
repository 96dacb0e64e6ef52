import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createApp } from '@items-api/function/app';
import { lazyStores } from '@items-api/function/resources';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

/** The generated types, beside this file. */
export const GENERATED_FILE = fileURLToPath(new URL('./generated/openapi.ts', import.meta.url));

const HEADER = `// The API's types, generated from its OpenAPI document by openapi-typescript: \`npm run client:generate\`.
// Do not edit: \`npm test\` fails when this file and the document differ.
`;

/** The OpenAPI document the app serves, made in this process (no server, no DynamoDB: stores are never used). */
export async function openApiDocument(): Promise<OpenAPI3> {
  const app = createApp({ stores: lazyStores() });
  const response = await app.request('/openapi.json');
  if (response.status !== 200) throw new Error(`The app answered ${response.status} for /openapi.json`);
  return (await response.json()) as OpenAPI3;
}

/** The TypeScript types of the document, as the generated file holds them. */
export async function generatedTypes(): Promise<string> {
  return HEADER + astToString(await openapiTS(await openApiDocument(), { defaultNonNullable: false }));
}

/** Whether the generated file is what the document makes now. */
export async function generatedTypesAreCurrent(): Promise<boolean> {
  return (await readFile(GENERATED_FILE, 'utf8').catch(() => '')) === (await generatedTypes());
}

// `npm run client:generate`
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(GENERATED_FILE, await generatedTypes());
  console.log(`Wrote ${GENERATED_FILE}`);
}
