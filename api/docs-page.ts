import { createHash } from 'node:crypto';

const DOCS_STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem 2rem; color: #0b0c0c; }
  h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #1d70b8; }
  details { border: 1px solid #b1b4b6; margin: .4rem 0; padding: .3rem .6rem; }
  summary { cursor: pointer; } code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
  pre { background: #f3f2f1; padding: .5rem; overflow-x: auto; }
  .m { display: inline-block; min-width: 3.5rem; font-weight: 700; color: #fff; background: #1d70b8; padding: 0 .3rem; margin-right: .5rem; }
  .m.get { background: #00703c; }
`;

const DOCS_SCRIPT = `
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
fetch('/openapi.json').then((r) => r.json()).then((doc) => {
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      (byTag[tag] = byTag[tag] || []).push({ path, method, op });
    }
  }
  document.getElementById('routes').innerHTML = Object.entries(byTag).map(([tag, routes]) =>
    '<h2>' + esc(tag) + '</h2>' + routes.map(({ path, method, op }) => {
      const body = op.requestBody && op.requestBody.content['application/json'];
      const answers = Object.entries(op.responses).map(([code, r]) => '<li><code>' + esc(code) + '</code> ' + esc(r.description) + '</li>').join('');
      return '<details><summary><span class="m ' + esc(method) + '">' + esc(method.toUpperCase()) + '</span><code>' + esc(path) +
        '</code> — ' + esc(op.summary || '') + '</summary>' +
        (body ? '<p>Body:</p><pre>' + esc(JSON.stringify(body.schema, null, 2)) + '</pre>' : '') +
        '<p>Answers:</p><ul>' + answers + '</ul></details>';
    }).join('')).join('');
});
`;

/**
 * The API reference page: a self-contained HTML page (no CDN, so it works on closed networks) that renders
 * /openapi.json — every route, who may call it, its body and its answers.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CSTR workflow engine — API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${DOCS_STYLE}</style>
</head>
<body>
<h1>CSTR workflow engine — API reference</h1>
<p>Every request needs <code>Authorization: Bearer &lt;token&gt;</code>; every POST an <code>Idempotency-Key</code>.
Errors are <code>application/problem+json</code>. The machine-readable document is at <a href="/openapi.json">/openapi.json</a>.</p>
<div id="routes">Loading…</div>
<script>${DOCS_SCRIPT}</script>
</body>
</html>`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The page may run its own script and style (by hash) and fetch /openapi.json; nothing else, and not in a frame. */
export const DOCS_CSP = [
  "default-src 'none'",
  `script-src ${sha256(DOCS_SCRIPT)}`,
  `style-src ${sha256(DOCS_STYLE)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
