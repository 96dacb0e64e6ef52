import type { ApiRoute } from './sam-template.js';

export interface RouteMatch<T> {
  target: T;
  /** The template's resource path: `/{proxy+}`. */
  resource: string;
  /** The route's method in the template: `ANY`, `GET`. */
  method: string;
  pathParameters: Record<string, string> | null;
}

interface CompiledRoute<T> {
  target: T;
  route: ApiRoute;
  pattern: RegExp;
  names: string[];
  /** Static segments win over `{param}`, which wins over `{param+}`, as in API Gateway. */
  rank: number;
}

/** API Gateway's resource matching for the routes of a stage: `/`, `/items/{id}`, `/{proxy+}`. */
export class ApiRoutes<T> {
  readonly #routes: CompiledRoute<T>[] = [];

  add(route: ApiRoute, target: T): void {
    const names: string[] = [];
    let rank = 0;
    const source = route.path
      .split('/')
      .filter(Boolean)
      .map((segment) => {
        const param = /^\{([^}+]+)(\+?)\}$/.exec(segment);
        if (!param) {
          rank += 1000;
          return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
        }
        names.push(param[1]!);
        if (param[2]) return '/(.+)';
        rank += 10;
        return '/([^/]+)';
      })
      .join('');
    this.#routes.push({ target, route, names, rank, pattern: new RegExp(`^${source || '/'}$`) });
    this.#routes.sort((a, b) => b.rank - a.rank);
  }

  /** `path` is the request path below the stage, starting with `/`. */
  match(method: string, path: string): RouteMatch<T> | undefined {
    for (const { target, route, pattern, names } of this.#routes) {
      if (route.method !== 'ANY' && route.method !== method) continue;
      const found = pattern.exec(path);
      if (!found) continue;
      const pathParameters = names.length ? Object.fromEntries(names.map((name, i) => [name, safeDecode(found[i + 1]!)])) : null;
      return { target, resource: route.path, method: route.method, pathParameters };
    }
    return undefined;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
