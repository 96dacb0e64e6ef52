// How every configuration reader of the project reads a setting from the environment: blank is
// unset, and a value that is neither the setting's kind nor unset is refused with its name, never
// silently read as the default.

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
  throw new Error(`${name} must be true or false, not ${JSON.stringify(env[name])}.`);
}

/** A TCP port (0 for any free one, where `allowAny`); `fallback` when unset. */
export function portSetting(env: Env, name: string, fallback: number, { allowAny = false } = {}): number {
  const value = stringSetting(env, name);
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < (allowAny ? 0 : 1) || port > 65_535) {
    throw new Error(`${name} must be a port number (${allowAny ? 0 : 1}-65535), not ${JSON.stringify(env[name])}.`);
  }
  return port;
}

/** A comma-separated list, each entry trimmed, blanks left out. */
export function listSetting(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
