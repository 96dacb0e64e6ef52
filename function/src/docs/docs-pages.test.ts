import { describe, expect, it } from 'vitest';
import { redocPage, relativeRoot, swaggerUiPage } from './docs-pages.js';

describe('relativeRoot', () => {
  it.each([
    ['/docs', './'],
    ['/docs/', '../'],
    ['/redoc', './'],
  ])('from %s is %s', (path, root) => {
    expect(relativeRoot(path)).toBe(root);
    // Under a stage the same reference leads back to the stage root.
    expect(new URL(`${root}openapi.json`, `https://h/prod${path}`).pathname).toBe('/prod/openapi.json');
  });
});

describe('docs pages', () => {
  it.each([
    ['Swagger UI', swaggerUiPage],
    ['ReDoc', redocPage],
  ])('%s loads nothing from another host', (_, page) => {
    const html = page('../');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('"../openapi.json"');
  });
});
