import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the Makefile's working directory and SAM's `ProjectRootDirectory`. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The SAM template: what `sam build`, `sam deploy` and the local runner read. */
export const TEMPLATE_FILE = join(PROJECT_ROOT, 'infra/template.yaml');

/** Logical ids of the template's function and layer, which name their Makefile targets too. */
export const FUNCTION_ID = 'ItemsFunction';
export const LAYER_ID = 'DependenciesLayer';
export type ArtifactId = typeof FUNCTION_ID | typeof LAYER_ID;

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

/** The handler's module inside the function's artifacts: `Handler: index.handler` in the template. */
export const HANDLER_FILE = 'index.mjs';
