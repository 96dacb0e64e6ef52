// The HTML of the two docs pages. Every URL in them is relative, so they work wherever the app is
// mounted, e.g. under an API Gateway stage (`/prod/docs`). `base` leads from the page to the app's root.

export function swaggerUiPage(base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Items API · Swagger UI</title>
  <link rel="stylesheet" href="${base}docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${base}docs/assets/swagger-ui-bundle.js"></script>
  <script>
    ${loadSpecScript(base)}.then((spec) => {
      window.ui = SwaggerUIBundle({ spec, dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true });
    });
  </script>
</body>
</html>
`;
}

export function redocPage(base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Items API · ReDoc</title>
  <style>body { margin: 0; padding: 0; }</style>
</head>
<body>
  <div id="redoc"></div>
  <script src="${base}docs/assets/redoc.standalone.js"></script>
  <script>
    ${NO_FOREIGN_IMAGES}
    ${loadSpecScript(base)}.then((spec) => Redoc.init(spec, {}, document.getElementById('redoc')));
  </script>
</body>
</html>
`;
}

// ReDoc 2 always puts Redocly's logo, from Redocly's CDN, in its sidebar (no option turns it off). The
// CSP blocks it, and the browser reports that as an error on every load. The page gives ReDoc's images
// an empty `data:,` for any URL of another origin instead, so none is asked for; React sets an image's
// `src` both as an attribute and as a property. The logo hides itself when its image fails to load.
const NO_FOREIGN_IMAGES = `{
      const localOnly = (value) => {
        try {
          const url = new URL(value, document.baseURI);
          return !url.protocol.startsWith('http') || url.origin === location.origin ? value : 'data:,';
        } catch {
          return value;
        }
      };
      const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
      Object.defineProperty(HTMLImageElement.prototype, 'src', { ...src, set(value) { src.set.call(this, localOnly(String(value))); } });
      const { setAttribute } = Element.prototype;
      HTMLImageElement.prototype.setAttribute = function (name, value) {
        setAttribute.call(this, name, String(name).toLowerCase() === 'src' ? localOnly(String(value)) : value);
      };
    }`;

// Fetches the document and names this deployment as its server, as an absolute URL made in the page:
// Swagger UI does not resolve the document's relative server URL against the document's location.
function loadSpecScript(base: string): string {
  const specUrl = JSON.stringify(`${base}openapi.json`);
  const rootUrl = JSON.stringify(base);
  return `fetch(new URL(${specUrl}, document.baseURI))
      .then((response) => response.json())
      .then((spec) => ({ ...spec, servers: [{ url: new URL(${rootUrl}, document.baseURI).href.replace(/\\/$/, '') }] }))`;
}

/** From a page at `path` back to the app's root: `/docs` → `./`, `/docs/` → `../`. */
export function relativeRoot(path: string): string {
  const depth = path.split('/').length - 2;
  return depth <= 0 ? './' : '../'.repeat(depth);
}
