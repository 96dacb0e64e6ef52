import { booleanSetting, ConfigurationError, choiceSetting, listSetting, stringSetting } from '@items-api/dynamodb-records';

export type AuthConfig =
  | { mode: 'none' }
  /** Keys from `API_KEYS`, sent as `X-Api-Key`. */
  | { mode: 'api-key'; publicReads: boolean; apiKeys: readonly string[] }
  /** Bearer tokens signed by a key of the issuer's JWKS (a Cognito user pool's, say). */
  | {
      mode: 'jwt';
      publicReads: boolean;
      issuer: string;
      audience: string | undefined;
      /** Accepted app clients (`client_id` of access tokens, `aud` of ID tokens); empty for any. */
      clientIds: readonly string[];
      jwksUrl: string;
      writeScope: string | undefined;
    };

export interface AppConfig {
  /** Origins whose browsers may call the API (`CORS_ALLOWED_ORIGINS`); `*` for any. None by default. */
  corsAllowedOrigins: readonly string[];
  auth: AuthConfig;
}

/**
 * `CORS_ALLOWED_ORIGINS`: a comma-separated list of origins (`https://app.example.com`), or `*`.
 * Read on the first request that needs it (see `createApp`), not at import.
 */
export function readAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const origins = listSetting(env, 'CORS_ALLOWED_ORIGINS');
  for (const origin of origins) {
    if (origin !== '*' && !isOrigin(origin)) {
      throw new ConfigurationError(
        `CORS_ALLOWED_ORIGINS holds ${JSON.stringify(origin)}, which is not an origin like https://app.example.com.`,
        'CORS_ALLOWED_ORIGINS',
      );
    }
  }
  return { corsAllowedOrigins: origins, auth: readAuthConfig(env) };
}

/**
 * `AUTH_MODE`: `none` (the default, as the reference), `api-key` (`API_KEYS`, comma-separated) or `jwt`
 * (`JWT_ISSUER`, optional `JWT_AUDIENCE`, `JWT_CLIENT_IDS`, `JWT_JWKS_URL` — by default the issuer's
 * `/.well-known/jwks.json`, https unless on loopback — and `JWT_WRITE_SCOPE`, a scope writes need). `AUTH_PUBLIC_READS=true`
 * leaves GET open. A mode missing what it needs is refused, never quietly left open.
 */
function readAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const mode = choiceSetting(env, 'AUTH_MODE', ['none', 'api-key', 'jwt'], 'none');
  const publicReads = booleanSetting(env, 'AUTH_PUBLIC_READS', false);
  if (mode === 'none') return { mode };
  if (mode === 'api-key') {
    const apiKeys = listSetting(env, 'API_KEYS');
    if (apiKeys.length === 0) throw new ConfigurationError('AUTH_MODE is api-key, but API_KEYS names no key.', 'API_KEYS');
    return { mode, publicReads, apiKeys };
  }
  const issuer = stringSetting(env, 'JWT_ISSUER');
  if (!issuer || !isSafeUrl(issuer)) {
    throw new ConfigurationError("AUTH_MODE is jwt, but JWT_ISSUER is not the issuer's https URL.", 'JWT_ISSUER');
  }
  const jwksUrl = stringSetting(env, 'JWT_JWKS_URL') ?? `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
  // Keys fetched over plain http could be swapped on the way, and tokens forged with them.
  if (!isSafeUrl(jwksUrl))
    throw new ConfigurationError(`JWT_JWKS_URL must be an https URL, not ${JSON.stringify(jwksUrl)}.`, 'JWT_JWKS_URL');
  return {
    mode,
    publicReads,
    issuer,
    audience: stringSetting(env, 'JWT_AUDIENCE'),
    clientIds: listSetting(env, 'JWT_CLIENT_IDS'),
    jwksUrl,
    writeScope: stringSetting(env, 'JWT_WRITE_SCOPE'),
  };
}

/** https, or http to this machine only (a local issuer, in tests). */
function isSafeUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

let processConfig: AppConfig | undefined;

/** The process's configuration, read from the environment on first call, then kept. */
export function processAppConfig(): AppConfig {
  processConfig ??= readAppConfig();
  return processConfig;
}
