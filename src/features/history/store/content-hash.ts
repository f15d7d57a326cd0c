/**
 * Content hashing for the "already processed" check: the same bytes give the same hash,
 * whatever the file is called.
 */

/** Lower-case hex SHA-256 (64 characters) of `bytes`, computed with Web Crypto. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  let hex = '';
  for (const byte of new Uint8Array(digest)) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}
