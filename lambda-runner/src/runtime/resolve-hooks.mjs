// @ts-check
// Module resolution as in a Lambda execution environment. A bare specifier (`hono`) is looked up
// the usual way from the importing file, then in each `node_modules` folder of NODE_PATH (the
// layers' `/opt/nodejs/…/node_modules`, the runtime's), and only files inside NODE_PATH folders
// count: a package that happens to sit in a `node_modules` above the sandbox on this machine is not
// found, as it would not be on AWS.
import { isBuiltin } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A `resolve` hook for `registerHooks`, given the NODE_PATH folders.
 * @param {string[]} nodePath
 * @param {string} specifier
 * @param {import('node:module').ResolveHookContext} context
 * @param {(specifier: string, context?: Partial<import('node:module').ResolveHookContext>) => import('node:module').ResolveFnOutput} nextResolve
 * @returns {import('node:module').ResolveFnOutput}
 */
export function resolveInLambda(nodePath, specifier, context, nextResolve) {
  if (!isBare(specifier) || !context.parentURL) return nextResolve(specifier, context);
  let notFound;
  try {
    const resolved = nextResolve(specifier, context);
    if (isInside(nodePath, resolved.url)) return resolved;
  } catch (error) {
    if (/** @type {{ code?: string }} */ (error)?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    notFound = error;
  }
  for (const dir of nodePath) {
    // Resolving from a file beside `dir` looks in `dir` first when `dir` is a node_modules folder,
    // which the layer folders are. Package folders placed directly in /var/task or /var/runtime are
    // found by `require` through NODE_PATH; whether Lambda's ESM resolution finds them is not
    // documented, so this hook does not.
    if (basename(dir) !== 'node_modules') continue;
    try {
      const resolved = nextResolve(specifier, { ...context, parentURL: pathToFileURL(join(dirname(dir), 'index.js')).href });
      if (isInside(nodePath, resolved.url)) return resolved;
    } catch (error) {
      if (/** @type {{ code?: string }} */ (error)?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  throw (
    notFound ??
    Object.assign(new Error(`Cannot find package '${specifier}' imported from ${fileURLToPath(context.parentURL)}`), {
      code: 'ERR_MODULE_NOT_FOUND',
    })
  );
}

/** @param {string} specifier */
function isBare(specifier) {
  return !/^(\.|\/|[a-z][a-z0-9+.-]*:)/i.test(specifier) && !isBuiltin(specifier);
}

/** @param {string[]} nodePath @param {string} url */
function isInside(nodePath, url) {
  if (!url.startsWith('file:')) return true;
  const path = fileURLToPath(url);
  return nodePath.some((dir) => path.startsWith(dir.endsWith(sep) ? dir : dir + sep));
}
