// @ts-check
// Loaded with `--import` before the handler: makes `import` search NODE_PATH as Lambda's Node.js
// runtimes do (plain Node only does that for `require`). Synchronous hooks on the loading thread
// (`registerHooks`, Node 22.15+): the older `register` runs them on a thread of its own, which cost
// every cold start tens of milliseconds that Lambda does not charge. Lambda itself uses no hook (its
// Node.js build searches NODE_PATH natively), nor does the runner: only a sandbox made with
// `resolution: 'hook'` starts with this, to measure what a hook costs.
import { registerHooks } from 'node:module';
import { resolveInLambda } from './resolve-hooks.mjs';

const nodePath = (process.env.NODE_PATH ?? '').split(':').filter(Boolean);
registerHooks({ resolve: (specifier, context, nextResolve) => resolveInLambda(nodePath, specifier, context, nextResolve) });
