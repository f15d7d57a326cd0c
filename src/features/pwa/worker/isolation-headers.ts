/**
 * The headers that make a page cross-origin isolated, and how the service worker adds them to
 * responses a static host sends without them. Pure: runs in the service worker and in Node tests.
 */

/** Headers added to every same-origin response the service worker serves. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  // `require-corp`, not `credentialless`: every resource TextSpot loads is same-origin (and gets
  // the CORP header below), so the stricter policy costs nothing and works in every browser.
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/**
 * The response with the isolation headers set. Opaque and error responses pass through: their
 * headers cannot be read or rewritten, and an opaque body must not be re-wrapped as readable.
 */
export function withIsolationHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) {
    return response;
  }
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  // 204/304 and friends carry no body; the constructor refuses one for them.
  const body = [101, 204, 205, 304].includes(response.status) ? null : response.body;
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
