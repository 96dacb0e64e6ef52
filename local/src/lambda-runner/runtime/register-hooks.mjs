// @ts-check
// Loaded with `--import` before the handler: makes `import` search NODE_PATH as Lambda's Node.js
// runtimes do (plain Node only does that for `require`).
import { register } from 'node:module';

const nodePath = (process.env.NODE_PATH ?? '').split(':').filter(Boolean);
register('./resolve-hooks.mjs', import.meta.url, { data: { nodePath } });
