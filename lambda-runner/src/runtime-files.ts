import { fileURLToPath } from 'node:url';

/** The runtime stand-in each execution environment runs. */
export const BOOTSTRAP = fileURLToPath(new URL('./runtime/bootstrap.mjs', import.meta.url));
/**
 * `--import` this to resolve bare `import`s through NODE_PATH, inside the sandbox only, with a JavaScript
 * hook: a sandbox's `resolution: 'hook'`, for the bench's A/B. The runner resolves natively (see `Resolution`).
 */
export const REGISTER_HOOKS = new URL('./runtime/register-hooks.mjs', import.meta.url).href;
