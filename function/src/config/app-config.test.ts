import { describe, expect, it } from 'vitest';
import { readAppConfig } from './app-config.js';

const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example';

describe('readAppConfig', () => {
  it('reads blank settings as unset: no origins, no auth', () => {
    expect(readAppConfig({ CORS_ALLOWED_ORIGINS: ' ', AUTH_MODE: '  ' })).toEqual({ corsAllowedOrigins: [], auth: { mode: 'none' } });
  });

  it('reads API keys and JWT settings, trimmed, blanks unset', () => {
    expect(readAppConfig({ AUTH_MODE: ' api-key ', API_KEYS: 'a, b', AUTH_PUBLIC_READS: 'yes' }).auth).toEqual({
      mode: 'api-key',
      publicReads: true,
      apiKeys: ['a', 'b'],
    });
    expect(readAppConfig({ AUTH_MODE: 'jwt', JWT_ISSUER: ` ${issuer}/ `, JWT_AUDIENCE: ' ', JWT_WRITE_SCOPE: 'items/write' }).auth).toEqual(
      {
        mode: 'jwt',
        publicReads: false,
        issuer: `${issuer}/`,
        audience: undefined,
        clientIds: [],
        jwksUrl: `${issuer}/.well-known/jwks.json`,
        writeScope: 'items/write',
      },
    );
  });

  // Each refusal names the variable to fix, in its message and as the error's `setting`.
  it.each([
    [
      'CORS_ALLOWED_ORIGINS',
      { CORS_ALLOWED_ORIGINS: 'https://a.example.com, app.example.com' },
      /CORS_ALLOWED_ORIGINS holds "app.example.com"/,
    ],
    ['AUTH_MODE', { AUTH_MODE: 'basic' }, 'AUTH_MODE must be none, api-key or jwt, not "basic".'],
    ['AUTH_PUBLIC_READS', { AUTH_MODE: 'api-key', API_KEYS: 'a', AUTH_PUBLIC_READS: 'maybe' }, /AUTH_PUBLIC_READS must be true or false/],
    ['API_KEYS', { AUTH_MODE: 'api-key', API_KEYS: ' , ' }, /API_KEYS names no key/],
    ['JWT_ISSUER', { AUTH_MODE: 'jwt' }, /JWT_ISSUER is not the issuer's https URL/],
    ['JWT_ISSUER', { AUTH_MODE: 'jwt', JWT_ISSUER: 'http://issuer.example.com' }, /JWT_ISSUER/],
    [
      'JWT_JWKS_URL',
      { AUTH_MODE: 'jwt', JWT_ISSUER: issuer, JWT_JWKS_URL: 'http://keys.example.com/jwks.json' },
      /JWT_JWKS_URL must be an https URL/,
    ],
  ])('refuses %s it cannot read, naming it', (setting, env, message) => {
    expect(() => readAppConfig(env)).toThrow(message);
    expect(() => readAppConfig(env)).toThrow(expect.objectContaining({ name: 'ConfigurationError', setting }));
  });
});
