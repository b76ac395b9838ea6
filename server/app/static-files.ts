import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** What the built client needs: its own scripts, inline styles (Svelte), WebGL, and blob: workers (ForceAtlas2). */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'";

/**
 * Serves the built client (client/dist) from the API's own process. Paths without an extension are app routes and get
 * index.html; hashed assets are cached for a year, index.html never. Returns false when it does not handle the request.
 */
export function createStaticHandler(
  root: string,
): (req: IncomingMessage, res: ServerResponse, pathname: string) => boolean {
  const base = resolve(root);
  const index = join(base, 'index.html');
  return (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    if (decoded.includes('\0')) return false;
    let file = resolve(base, `.${decoded}`);
    if (file !== base && !file.startsWith(base + sep)) return false;
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (extname(decoded) !== '' || !existsSync(index)) return false;
      file = index;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.statusCode = 200;
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', statSync(file).size);
    res.setHeader(
      'Cache-Control',
      file === index
        ? 'no-cache'
        : decoded.startsWith('/assets/')
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=300',
    );
    if (type.startsWith('text/html')) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}
