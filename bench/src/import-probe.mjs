// @ts-check
// One process of the module table: imports one specifier (resolved as Lambda resolves, through the
// local runner's hook and NODE_PATH), or makes the first `Request` of the process, and prints the
// milliseconds it took as JSON.
//
//   node --import <hooks> import-probe.mjs <specifier> | first-request [node:http]
const [what, before] = process.argv.slice(2);
if (before) await import(/** @type {string} */ (before));
const started = performance.now();
if (what === 'first-request') new Request('http://localhost/items');
else await import(/** @type {string} */ (what));
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
