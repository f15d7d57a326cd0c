import { describe, expect, it } from 'vitest';
import {
  ISOLATION_HEADERS,
  withIsolationHeaders,
} from '../../src/features/pwa/worker/isolation-headers.js';

describe('withIsolationHeaders', () => {
  it('adds COOP, COEP and CORP and keeps status, headers and body', async () => {
    const original = new Response('hello', {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/plain', ETag: '"abc"' },
    });
    const served = withIsolationHeaders(original);
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
      expect(served.headers.get(name)).toBe(value);
    }
    expect(served.headers.get('Content-Type')).toBe('text/plain');
    expect(served.headers.get('ETag')).toBe('"abc"');
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('hello');
  });

  it('keeps error statuses and bodiless answers intact', async () => {
    const missing = withIsolationHeaders(new Response('nope', { status: 404 }));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    const unchanged = withIsolationHeaders(new Response(null, { status: 304 }));
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeNull();
  });

  it('passes opaque responses through untouched', () => {
    const opaque = Response.error();
    expect(withIsolationHeaders(opaque)).toBe(opaque);
  });
});
