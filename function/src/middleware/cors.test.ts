import { useItemsTable } from '@items-api/test-support/items-table';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { readAppConfig } from '../config/app-config.js';

const table = useItemsTable('cors');
const appFor = (origins: string) =>
  createApp({ stores: { items: table.store() }, config: () => readAppConfig({ CORS_ALLOWED_ORIGINS: origins }) });

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the methods and headers the API takes', async () => {
    const response = await appFor('https://app.example.com, https://admin.example.com').request('/items', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://admin.example.com',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'if-match',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,DELETE');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/If-Match/);
    expect(response.headers.get('vary')).toMatch(/Origin/i);
  });

  it('lets an allowed origin read ETag and Location from responses', async () => {
    const response = await appFor('https://app.example.com').request('/items', { headers: { origin: 'https://app.example.com' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/ETag.*Location/);
  });

  it('gives other origins nothing, and * allows any', async () => {
    const other = await appFor('https://app.example.com').request('/items', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const none = await appFor('').request('/items', { headers: { origin: 'https://app.example.com' } });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
    const any = await appFor('*').request('/items', { headers: { origin: 'https://anyone.example' } });
    expect(any.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses a setting that is not a list of origins', () => {
    expect(() => readAppConfig({ CORS_ALLOWED_ORIGINS: 'app.example.com' })).toThrow(/not an origin/);
    expect(() => readAppConfig({ CORS_ALLOWED_ORIGINS: 'https://app.example.com/path' })).toThrow(/not an origin/);
  });
});
