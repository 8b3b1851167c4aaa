// SHA-256, synchronous. In node: node:crypto (OpenSSL, which uses the CPU's SHA instructions:
// 2x hash-wasm on a 500-byte message, 7x on an 86 kB one, measured here). In the page:
// hash-wasm's WebAssembly SHA-256 (pinned, vendored), since WebCrypto's digest is asynchronous
// and slow per call.

let one = null; // bytes → digest

/** Use hash-wasm's `createSHA256` (the page). */
export async function initSha256(createSHA256) {
  if (one !== null) return;
  const h = await createSHA256();
  one = (bytes) => {
    h.init();
    h.update(bytes);
    return h.digest('binary');
  };
}

/** Use node:crypto's `createHash` (node). */
export function useNodeCrypto(createHash) {
  one = (bytes) => {
    const d = createHash('sha256').update(bytes).digest();
    return new Uint8Array(d.buffer, d.byteOffset, 32);
  };
}

const enc = new TextEncoder();

/** SHA-256 of the concatenated parts (Uint8Array or string, a string as its UTF-8). */
export function sha256(...parts) {
  if (one === null) throw new Error('initSha256 first');
  const bytes = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  if (bytes.length === 1) return one(bytes[0]);
  const all = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of bytes) {
    all.set(b, o);
    o += b.length;
  }
  return one(all);
}

/** SHA-256 of one byte string (the hot path's form). */
export const sha256Of = (bytes) => one(bytes);
