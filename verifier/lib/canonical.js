// Canonical payload bytes: UTF-8 JSON as the record writes it, which re-encoding the decoded
// value reproduces byte for byte: no whitespace, object keys sorted by code point and never
// repeated, integers only in their shortest decimal spelling, strings with only the escapes
// that are needed (\" \\ \b \f \n \r \t, \u00xx in lowercase for the other controls) and every
// other character as itself. One pass reads the value and judges its spelling; integers past
// 2^53 are kept exactly (BigInt).

export class NotCanonical extends Error {}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const SHORT = { 0x22: '"', 0x5c: '\\', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
const HAS_SHORT = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);

/** Code-point order of two strings (what sorting UTF-8 bytes gives), not UTF-16's. */
export function codePointCompare(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x += x <= 0xdfff ? 0x2000 : -0x800;
    if (y >= 0xd800) y += y <= 0xdfff ? 0x2000 : -0x800;
    return x - y;
  }
  return a.length - b.length;
}

/** The value of canonical JSON text; NotCanonical with where and why otherwise. `shallow`:
 * judge every byte but build only the top level (nested objects and arrays become `true`),
 * for the facts whose fields no check reads. */
export function parseCanonical(text, shallow = false) {
  let i = 0;
  let depth = 0;
  const fail = (why) => {
    throw new NotCanonical(`${why} at character ${i}`);
  };

  function string() {
    // at the opening quote
    i++;
    let out = '';
    let from = i;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail('a raw control character');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(from, i);
      const e = text.charCodeAt(i + 1);
      if (SHORT[e] !== undefined) {
        out += SHORT[e];
        i += 2;
      } else if (e === 0x75) {
        const hex = text.slice(i + 2, i + 6);
        if (!/^00[01][0-9a-f]$/.test(hex)) fail('an escape that is not needed');
        const code = parseInt(hex, 16);
        if (HAS_SHORT.has(code)) fail('a long escape where a short one exists');
        out += String.fromCharCode(code);
        i += 6;
      } else fail('an escape that is not needed');
      from = i;
    }
    out += text.slice(from, i);
    i++;
    return out;
  }

  function number() {
    const start = i;
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (text[i] >= '1' && text[i] <= '9') while (text[i] >= '0' && text[i] <= '9') i++;
    else fail('not a number');
    const c = text[i];
    if (c === '.' || c === 'e' || c === 'E') fail('a number that is not an integer');
    const token = text.slice(start, i);
    if (token === '-0') fail('minus zero');
    const n = Number(token);
    if (Number.isSafeInteger(n)) return n;
    const big = BigInt(token);
    if (big < -(2n ** 63n) || big >= 2n ** 64n) fail('an integer out of range');
    return big;
  }

  function value() {
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      i++;
      const build = !shallow || depth === 0;
      depth++;
      const obj = {};
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        depth--;
        return build ? obj : true;
      }
      let last = null;
      for (;;) {
        if (text.charCodeAt(i) !== 0x22) fail('a key that is not a string');
        const k = string();
        if (last !== null && codePointCompare(last, k) >= 0) fail(last === k ? `key "${k}" twice` : `key "${k}" out of order`);
        last = k;
        if (text.charCodeAt(i) !== 0x3a) fail('no colon after a key');
        i++;
        const v = value();
        if (!build);
        else if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[k] = v;
        const d = text.charCodeAt(i);
        i++;
        if (d === 0x7d) {
          depth--;
          return build ? obj : true;
        }
        if (d !== 0x2c) fail('no comma between members');
      }
    }
    if (c === 0x5b) {
      i++;
      const build = !shallow || depth === 0;
      depth++;
      const arr = [];
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        depth--;
        return build ? arr : true;
      }
      for (;;) {
        const v = value();
        if (build) arr.push(v);
        const d = text.charCodeAt(i);
        i++;
        if (d === 0x5d) {
          depth--;
          return build ? arr : true;
        }
        if (d !== 0x2c) fail('no comma between items');
      }
    }
    if (c === 0x22) return string();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    return number();
  }

  const v = value();
  if (i !== text.length) fail('text after the value');
  return v;
}

/** Why bytes are not canonical: `not-json`, `float` or `respelled` (docs/spec/01). */
export function whyNot(bytes) {
  let text;
  try {
    text = UTF8.decode(bytes);
    JSON.parse(text);
  } catch {
    return 'not-json';
  }
  return hasFloat(text) ? 'float' : 'respelled';
}

function hasFloat(text) {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ((c === '.' || c === 'e' || c === 'E') && text[i - 1] >= '0' && text[i - 1] <= '9') return true;
  }
  return false;
}

const LONE = /\\u[dD][89a-fA-F]/; // an escaped surrogate: JSON.stringify writes those back, the record never

/** Keys sorted by code point at every depth, and no number but safe integers. */
function plain(v) {
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0);
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) {
    for (const x of v) if (!plain(x)) return false;
    return true;
  }
  let last = null;
  for (const k in v) {
    if (last !== null && codePointCompare(last, k) >= 0) return false;
    last = k;
    if (!plain(v[k])) return false;
  }
  return true;
}

/** The payload's value if its bytes are canonical JSON, else null (and `why` says why). */
export function canonicalValue(bytes, shallow = false) {
  let text;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { value: null, why: 'not-json' };
  }
  // the platform's own JSON first: written back the same, keys sorted, integers only, it is
  // canonical; anything else (integer-like keys, which JSON.parse reorders, among them) is
  // judged by the exact reader below
  if (!LONE.test(text)) {
    try {
      const v = JSON.parse(text);
      if (JSON.stringify(v) === text && plain(v)) return { value: v, why: null };
    } catch {
      // not JSON: the exact reader says so
    }
  }
  try {
    return { value: parseCanonical(text, shallow), why: null };
  } catch (e) {
    if (!(e instanceof NotCanonical)) throw e;
    return { value: null, why: whyNot(bytes) };
  }
}
