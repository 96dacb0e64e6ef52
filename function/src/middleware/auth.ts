import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { AppConfig, AuthConfig } from '../config/app-config.js';
import { ProblemError, ProblemType } from '../http/problems.js';

type JwtConfig = Extract<AuthConfig, { mode: 'jwt' }>;
type Verifier = (token: string) => Promise<{ scope?: unknown; scp?: unknown }>;

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The items API's authentication, as `AUTH_MODE` sets it: none, an API key (`X-Api-Key`), or a JWT
 * (`Authorization: Bearer …`) verified against the issuer's JWKS, with an optional scope for writes.
 * 401 for missing or invalid credentials, 403 for a token without the write scope, both problem+json.
 */
export function authMiddleware(config: () => AppConfig): MiddlewareHandler<AppEnv> {
  let verifier: Promise<Verifier> | undefined;
  return async (c, next) => {
    const auth = config().auth;
    if (auth.mode === 'none' || (auth.publicReads && READS.has(c.req.method))) return next();
    if (auth.mode === 'api-key') {
      const key = c.req.header('x-api-key');
      if (key === undefined || !isKnownKey(auth.apiKeys, key)) {
        throw unauthorized('ApiKey', 'A valid X-Api-Key header is required.');
      }
      return next();
    }
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) throw unauthorized('Bearer', 'An Authorization: Bearer token is required.');
    // jose is loaded only in this mode: the other modes never pay for it at start-up. Failing to load
    // it is the server's fault (500), not the token's.
    verifier ??= jwtVerifier(auth);
    verifier.catch(() => (verifier = undefined));
    const verify = await verifier;
    let claims: Awaited<ReturnType<Verifier>>;
    try {
      claims = await verify(token);
    } catch (error) {
      if (!isTokenFault(error)) {
        // The issuer's keys could not be fetched: the token may well be good.
        throw new ProblemError(
          503,
          { detail: "The token issuer's keys cannot be fetched right now; retry shortly." },
          { 'retry-after': '1' },
        );
      }
      throw unauthorized(
        'Bearer error="invalid_token"',
        'The bearer token is not valid: expired, not signed by the issuer, or not for this API.',
      );
    }
    if (auth.writeScope && !READS.has(c.req.method) && !scopesOf(claims).includes(auth.writeScope)) {
      throw new ProblemError(
        403,
        { type: ProblemType.forbidden, title: 'Forbidden', detail: `Writing needs the scope ${auth.writeScope}.` },
        { 'www-authenticate': `Bearer error="insufficient_scope", scope="${auth.writeScope}"` },
      );
    }
    return next();
  };
}

async function jwtVerifier(auth: JwtConfig): Promise<Verifier> {
  const { createRemoteJWKSet, jwtVerify } = await import('jose');
  const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, {
      issuer: auth.issuer,
      ...(auth.audience && { audience: auth.audience }),
      // Asymmetric algorithms only (what Cognito and other issuers with a JWKS sign with), an expiry
      // always, and a little leeway for clocks.
      algorithms: ['RS256', 'ES256'],
      requiredClaims: ['exp'],
      clockTolerance: '30s',
    });
    // Cognito access tokens name their app client in `client_id` (they carry no `aud`); ID tokens in `aud`.
    if (auth.clientIds.length > 0) {
      const client = typeof payload.client_id === 'string' ? payload.client_id : [payload.aud].flat()[0];
      if (typeof client !== 'string' || !auth.clientIds.includes(client)) {
        throw Object.assign(new Error('The token was issued to another client.'), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
      }
    }
    return payload as { scope?: unknown; scp?: unknown };
  };
}

/** What jose reports when the issuer's JWKS could not be fetched or read (with a network error, no code). */
const JWKS_UNAVAILABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

/** Whether jose refused the token itself (any other verdict, an unsupported algorithm included). */
function isTokenFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !JWKS_UNAVAILABLE.has(code);
}

/** Space-separated `scope` (OAuth 2.0, Cognito access tokens) or an `scp` list. */
function scopesOf(claims: { scope?: unknown; scp?: unknown }): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ');
  return Array.isArray(claims.scp) ? claims.scp.map(String) : [];
}

/** Compares digests of equal length against every key, so that timing tells nothing of any key. */
function isKnownKey(keys: readonly string[], given: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  const candidate = digest(given);
  let known = false;
  for (const key of keys) known = timingSafeEqual(digest(key), candidate) || known;
  return known;
}

function unauthorized(challenge: string, detail: string): ProblemError {
  return new ProblemError(401, { type: ProblemType.unauthorized, title: 'Unauthorized', detail }, { 'www-authenticate': challenge });
}
