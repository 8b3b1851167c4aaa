// Bytes as the record holds them: hex, standard base64, UTF-8, concatenation, comparison.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (s) => enc.encode(s);

/** UTF-8 text of bytes; throws on bytes that are not UTF-8. */
export const fromUtf8 = (b) => dec.decode(b);

export function toHex(b) {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;
for (let i = 10; i < 16; i++) NIBBLE['ABCDEF'.charCodeAt(i - 10)] = i;

export function fromHex(s) {
  if (NodeBuffer !== undefined && typeof s === 'string' && s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s)) {
    const b = NodeBuffer.from(s, 'hex');
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  if (typeof s !== 'string' || s.length % 2 !== 0) throw new Error(`not hexadecimal: ${String(s).slice(0, 40)}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = NIBBLE[s.charCodeAt(2 * i)] ?? -1;
    const lo = NIBBLE[s.charCodeAt(2 * i + 1)] ?? -1;
    if ((hi | lo) < 0) throw new Error(`not hexadecimal: ${s.slice(0, 40)}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

const NodeBuffer = globalThis.Buffer;
const nativeFromBase64 = typeof Uint8Array.fromBase64 === 'function';

/** Standard base64 with padding, strictly: any other character, or a non-canonical tail, throws.
 * Decoded natively where the platform can (node's Buffer, the browser's Uint8Array.fromBase64),
 * then held to the same strictness by re-encoding. */
export function fromBase64(s) {
  if (typeof s !== 'string') throw new Error('not base64');
  if (NodeBuffer !== undefined) {
    const b = NodeBuffer.from(s, 'base64');
    if (b.toString('base64') !== s) throw new Error('not base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  if (nativeFromBase64) {
    let b;
    try {
      b = Uint8Array.fromBase64(s, { lastChunkHandling: 'strict' });
    } catch {
      throw new Error('not base64');
    }
    if (b.toBase64() !== s) throw new Error('not base64');
    return b;
  }
  return fromBase64Js(s);
}

export function fromBase64Js(s) {
  if (typeof s !== 'string' || s.length % 4 !== 0) throw new Error('not base64');
  let pad = 0;
  if (s.endsWith('==')) pad = 2;
  else if (s.endsWith('=')) pad = 1;
  const n = (s.length / 4) * 3 - pad;
  const out = new Uint8Array(n);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const last = i + 4 === s.length;
    const a = B64_INDEX[s.charCodeAt(i)];
    const b = B64_INDEX[s.charCodeAt(i + 1)];
    const c = last && pad === 2 ? 0 : B64_INDEX[s.charCodeAt(i + 2)];
    const d = last && pad >= 1 ? 0 : B64_INDEX[s.charCodeAt(i + 3)];
    if ((a | b | c | d) < 0) throw new Error('not base64');
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    if (last && pad === 2 && (v & 0xffff) !== 0) throw new Error('not canonical base64');
    if (last && pad === 1 && (v & 0xff) !== 0) throw new Error('not canonical base64');
    out[o++] = v >>> 16;
    if (o < n) out[o++] = (v >>> 8) & 0xff;
    if (o < n) out[o++] = v & 0xff;
  }
  return out;
}

export function toBase64(b) {
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    s += B64[v >>> 18] + B64[(v >>> 12) & 63] + B64[(v >>> 6) & 63] + B64[v & 63];
  }
  if (i < b.length) {
    const v = (b[i] << 16) | ((b[i + 1] ?? 0) << 8);
    s += B64[v >>> 18] + B64[(v >>> 12) & 63];
    s += i + 1 < b.length ? B64[(v >>> 6) & 63] + '=' : '==';
  }
  return s;
}

export function concat(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equal(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
