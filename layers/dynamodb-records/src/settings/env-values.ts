// How every configuration reader of the project reads a setting from the environment: blank is
// unset, and a value that is neither the setting's kind nor unset is refused with its name (a
// ConfigurationError), never silently read as the default. The function, the layer and the tooling
// all read through these; nothing else reads `env.X` by hand.
//
// Written by hand rather than taken from Powertools' commons (`@aws-lambda-powertools/commons/utils/env`,
// in the layer already for Logger and Metrics), whose readers differ where it matters here: they read
// `process.env` only (ours take an `env`, so tests and launchers pass their own), a blank value is read
// as `""` rather than as unset (a blank boolean is refused), their messages do not quote the value
// refused, and there is no port or list reader. They would also make the layer library depend on
// Powertools. These few functions are the whole of it, and load nothing.

import { ConfigurationError } from './configuration-error.js';

type Env = NodeJS.ProcessEnv;

/** The value, trimmed; undefined when unset or blank. */
export function stringSetting(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** `true`/`1`/`yes`/`on` or `false`/`0`/`no`/`off`, in any case; `fallback` when unset. */
export function booleanSetting(env: Env, name: string, fallback: boolean): boolean {
  const value = stringSetting(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new ConfigurationError(`${name} must be true or false, not ${JSON.stringify(env[name])}.`, name);
}

/** A TCP port (0 for any free one, where `allowAny`); `fallback` when unset. */
export function portSetting(env: Env, name: string, fallback: number, { allowAny = false } = {}): number {
  const value = stringSetting(env, name);
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < (allowAny ? 0 : 1) || port > 65_535) {
    throw new ConfigurationError(`${name} must be a port number (${allowAny ? 0 : 1}-65535), not ${JSON.stringify(env[name])}.`, name);
  }
  return port;
}

/** One of `choices`, as written (trimmed); `fallback` when unset. */
export function choiceSetting<const C extends string>(env: Env, name: string, choices: readonly C[], fallback: C): C {
  const value = stringSetting(env, name);
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as C;
  throw new ConfigurationError(`${name} must be ${orList(choices)}, not ${JSON.stringify(env[name])}.`, name);
}

/** A comma-separated list, each entry trimmed, blanks left out. */
export function listSetting(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function orList(choices: readonly string[]): string {
  return choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : (choices[0] ?? '');
}
