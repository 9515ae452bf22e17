/**
 * The browsable API reference at /api/v1/docs. Swagger UI is served from the installed
 * `swagger-ui-dist` package, not a CDN: control planes often run where the internet is not.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';

const assetsDir = path.dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

/** The only files served from the package, with their types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const page = (specUrl: string, base: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Gated Deployment API</title>
<link rel="icon" href="${base}/assets/favicon-32x32.png" />
<link rel="stylesheet" href="${base}/assets/swagger-ui.css" />
</head>
<body>
<div id="api-reference" data-spec-url="${specUrl}"></div>
<script src="${base}/assets/swagger-ui-bundle.js"></script>
<script src="${base}/init.js"></script>
</body>
</html>`;

// Kept out of the HTML so a strict Content-Security-Policy (no inline scripts) still allows it.
const INIT = `window.ui = SwaggerUIBundle({
  url: document.getElementById('api-reference').dataset.specUrl,
  dom_id: '#api-reference',
  deepLinking: true,
  withCredentials: true,
});`;

/** Routes under `${prefix}/docs`: the page, its initialiser and the whitelisted Swagger UI assets. */
export function apiDocsRoutes(prefix: string) {
  const base = `${prefix}/docs`;
  return new Hono()
    .get('/docs', (c) => c.html(page(`${prefix}/openapi.json`, base)))
    .get('/docs/init.js', (c) =>
      c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
    )
    .get('/docs/assets/:file', async (c) => {
      const file = c.req.param('file');
      const type = ASSETS[file];
      if (!type) return c.notFound();
      const body = await readFile(path.join(assetsDir, file));
      return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    });
}
