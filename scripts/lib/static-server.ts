import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip } from 'node:zlib';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** Options of a plain static server: what a host without header settings does. */
export interface StaticServerOptions {
  /** The folder served; can be swapped later (a new deployment). */
  root: string;
  /** URL path the folder appears under, with slashes at both ends (`/textspot/`, or `/`). */
  prefix: string;
  /** Send COOP/COEP/CORP, as a configurable host would. Off by default (GitHub Pages). */
  isolationHeaders?: boolean;
  /** Gzip text and WASM like GitHub Pages does, so byte counts are what a person downloads. */
  gzip?: boolean;
}

/** One answered request: path, status and bytes sent (compressed where gzipped). */
export interface ServedRequest {
  path: string;
  status: number;
  bytes: number;
}

/** A running server: its base URL, its log, and a way to deploy another build or stop. */
export interface StaticServer {
  url: string;
  log: ServedRequest[];
  setRoot(root: string): void;
  close(): Promise<void>;
}

/**
 * Starts a static file server on a free loopback port. It sends no isolation headers unless
 * asked: the pages it serves must isolate themselves, as on GitHub Pages.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  let root = options.root;
  const log: ServedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const record = (status: number, bytes: number) => {
      log.push({ path, status, bytes });
    };
    const refuse = (status: number, headers: Record<string, string> = {}) => {
      response.writeHead(status, headers).end();
      record(status, 0);
    };
    if (path === options.prefix.replace(/\/$/, '') && options.prefix !== '/') {
      refuse(301, { Location: options.prefix });
      return;
    }
    if (!path.startsWith(options.prefix)) {
      refuse(404);
      return;
    }
    let file = normalize(join(root, path.slice(options.prefix.length)));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
      refuse(403);
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      refuse(404);
      return;
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
    if (options.isolationHeaders) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    }
    const compress =
      options.gzip &&
      /gzip/.test(String(request.headers['accept-encoding'] ?? '')) &&
      !/image\/png|octet-stream/.test(type);
    if (compress) headers['Content-Encoding'] = 'gzip';
    else headers['Content-Length'] = String(statSync(file).size);
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
      record(200, 0);
      return;
    }
    let bytes = 0;
    const body = compress ? createReadStream(file).pipe(createGzip()) : createReadStream(file);
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    body.on('end', () => record(200, bytes));
    body.pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.prefix}`,
    log,
    setRoot(next: string) {
      root = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
