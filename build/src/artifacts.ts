import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the Makefile's working directory and SAM's `ProjectRootDirectory`. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The SAM template: what `sam build`, `sam deploy` and the local runner read. */
export const TEMPLATE_FILE = join(PROJECT_ROOT, 'infra/template.yaml');

/** Logical ids of the template's functions and layer, which name their Makefile targets too. */
export const FUNCTION_ID = 'ItemsFunction';
export const HISTORY_FUNCTION_ID = 'HistoryFunction';
export const LAYER_ID = 'DependenciesLayer';

/**
 * Each function of the template and the module its bundle is made from: the API, and the consumer
 * of the history resources' table streams. Both run on the layer.
 */
export const FUNCTION_ENTRIES = {
  [FUNCTION_ID]: 'function/src/entry/lambda.ts',
  [HISTORY_FUNCTION_ID]: 'function/src/entry/history-consumer.ts',
} as const;
export type FunctionId = keyof typeof FUNCTION_ENTRIES;
export const FUNCTION_IDS = Object.keys(FUNCTION_ENTRIES) as FunctionId[];
export type ArtifactId = FunctionId | typeof LAYER_ID;

export function isFunctionId(id: string): id is FunctionId {
  return Object.hasOwn(FUNCTION_ENTRIES, id);
}

/** Where `npm run build` writes (git-ignored); `sam build` writes to `.aws-sam/build` instead. */
export const BUILD_DIR = join(PROJECT_ROOT, '.build');

/** A resource's `ARTIFACTS_DIR`, laid out as under `.aws-sam/build/<LogicalId>`. */
export function artifactsDir(id: ArtifactId, buildDir = BUILD_DIR): string {
  return join(buildDir, 'artifacts', id);
}

/** The zip file a deploy uploads for a resource. */
export function zipFile(id: ArtifactId, buildDir = BUILD_DIR): string {
  return join(buildDir, `${id}.zip`);
}

/** The handler's module inside each function's artifacts: `Handler: index.handler` in the template. */
export const HANDLER_FILE = 'index.mjs';
