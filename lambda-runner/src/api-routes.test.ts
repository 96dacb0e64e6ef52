import { describe, expect, it } from 'vitest';
import { ApiRoutes } from './api-routes.js';

describe('ApiRoutes', () => {
  const routes = new ApiRoutes<string>();
  routes.add({ path: '/{proxy+}', method: 'ANY' }, 'proxy');
  routes.add({ path: '/', method: 'ANY' }, 'root');
  routes.add({ path: '/items/{id}', method: 'GET' }, 'item');
  routes.add({ path: '/items/special', method: 'GET' }, 'special');

  it('prefers static segments, then parameters, then a greedy parameter, as API Gateway does', () => {
    expect(routes.match('GET', '/items/special')?.target).toBe('special');
    expect(routes.match('GET', '/items/42')).toEqual({
      target: 'item',
      resource: '/items/{id}',
      method: 'GET',
      pathParameters: { id: '42' },
    });
    expect(routes.match('GET', '/items/42/more')).toEqual({
      target: 'proxy',
      resource: '/{proxy+}',
      method: 'ANY',
      pathParameters: { proxy: 'items/42/more' },
    });
    expect(routes.match('GET', '/')).toEqual({ target: 'root', resource: '/', method: 'ANY', pathParameters: null });
  });

  it('honours the method, ANY taking every method', () => {
    expect(routes.match('DELETE', '/items/42')?.target).toBe('proxy');
    const only = new ApiRoutes<string>();
    only.add({ path: '/items', method: 'GET' }, 'list');
    expect(only.match('POST', '/items')).toBeUndefined();
  });

  it('decodes path parameters', () => {
    expect(routes.match('GET', '/items/a%20b')?.pathParameters).toEqual({ id: 'a b' });
  });
});
