// SHA-256, synchronous once ready: hash-wasm's WebAssembly SHA-256 (pinned in package.json,
// vendored for the page), measured the fastest of node:crypto, @noble/hashes and WebCrypto
// for the many short inputs a log has (WebCrypto's digest is asynchronous, per call).

let hasher = null;

/** Prepare SHA-256 from hash-wasm's `createSHA256` (node: the package; page: the vendored copy). */
export async function initSha256(createSHA256) {
  if (hasher === null) hasher = await createSHA256();
}

/** SHA-256 of the concatenated parts (Uint8Array or string, a string as its UTF-8). */
export function sha256(...parts) {
  if (hasher === null) throw new Error('initSha256 first');
  hasher.init();
  for (const p of parts) hasher.update(p);
  return hasher.digest('binary');
}

/** SHA-256 of one byte string: one call into WebAssembly (the hot path's form). */
export function sha256Of(bytes) {
  hasher.init();
  hasher.update(bytes);
  return hasher.digest('binary');
}
