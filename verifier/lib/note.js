// Signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and witnesses'
// cosignatures (c2sp.org/tlog-cosignature), as those public specifications define them.

import { ed25519 } from '@noble/curves/ed25519.js';
import { concat, fromBase64, toHex, utf8 } from './bytes.js';
import { sha256 } from './sha256.js';

export const ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;
const DASH = '\u2014 ';

export class NoteError extends Error {}

/** Key ID: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ type ‖ public key). */
export function keyId(name, type, publicKey) {
  return sha256(utf8(name), new Uint8Array([0x0a, type]), publicKey).subarray(0, 4);
}

/** A verifier key `<name>+<hex key ID>+<base64(type ‖ public key)>`, its ID checked. */
export function parseVkey(vkey) {
  const text = String(vkey).trim();
  const a = text.indexOf('+');
  const b = text.indexOf('+', a + 1);
  const parts = a > 0 && b > a ? [text.slice(0, a), text.slice(a + 1, b), text.slice(b + 1)] : [];
  if (parts.length !== 3 || !/^[0-9a-fA-F]{8}$/.test(parts[1])) {
    throw new NoteError(`not a verifier key (name+id+key): ${String(vkey).slice(0, 60)}`);
  }
  let raw;
  try {
    raw = fromBase64(parts[2]);
  } catch {
    throw new NoteError(`the key of ${parts[0]} is not base64`);
  }
  if (raw.length !== 33 || (raw[0] !== ED25519 && raw[0] !== COSIGNATURE_V1)) {
    throw new NoteError(`the key of ${parts[0]} is not an Ed25519 key (type 0x01 or 0x04)`);
  }
  const key = { name: parts[0], type: raw[0], publicKey: raw.subarray(1), id: parts[1].toLowerCase(), vkey: text };
  if (toHex(keyId(key.name, key.type, key.publicKey)) !== key.id) {
    throw new NoteError(`the key ID of ${key.name} does not match its key`);
  }
  return key;
}

const NAME = /^[^+\p{White_Space}\p{Zs}]+$/u;
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;

/** Split a note into its text and signature lines (docs/spec/04); NoteError when malformed. */
export function parseNote(note) {
  if (CONTROL.test(note)) throw new NoteError('a note holds a control character');
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0) throw new NoteError('a signed note ends with its signatures after a blank line');
  const text = note.slice(0, cut + 1);
  const block = note.slice(cut + 2);
  if (!block || !block.endsWith('\n')) throw new NoteError('a signed note ends with its signatures after a blank line');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > 100) throw new NoteError('a note with more than 100 signatures');
  const signatures = lines.map(signatureLine);
  return { text, signatures };
}

function signatureLine(line) {
  const bad = () => new NoteError(`not a signature line: ${line.slice(0, 60)}`);
  if (!line.startsWith(DASH)) throw bad();
  const rest = line.slice(DASH.length);
  const space = rest.indexOf(' ');
  if (space <= 0 || !NAME.test(rest.slice(0, space))) throw bad();
  let bytes;
  try {
    bytes = fromBase64(rest.slice(space + 1));
  } catch {
    throw bad();
  }
  if (bytes.length < 5) throw bad();
  return { name: rest.slice(0, space), id: toHex(bytes.subarray(0, 4)), bytes: bytes.subarray(4), line };
}

/** The checkpoint body: origin, tree size, base64 root (and extension lines, kept). */
export function parseCheckpoint(text) {
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3 || !lines[0] || !/^(0|[1-9][0-9]*)$/.test(lines[1]) || lines.slice(3).some((l) => !l)) {
    throw new NoteError('a checkpoint is origin, tree size and root, one a line');
  }
  let root;
  try {
    root = fromBase64(lines[2]);
  } catch {
    throw new NoteError('the checkpoint root is not base64');
  }
  if (root.length !== 32) throw new NoteError('the checkpoint root is not 32 bytes');
  return { origin: lines[0], size: Number(lines[1]), root, extensions: lines.slice(3) };
}

/**
 * The note checked against trusted keys (docs/spec/04): `invalid` when a line by a trusted
 * key does not verify, else `by`, the trusted keys whose lines verify (each once), and for
 * cosignatures their times.
 */
export function verifyNote(parsed, keys) {
  const by = new Map();
  const message = utf8(parsed.text);
  for (const s of parsed.signatures) {
    const key = keys.find((k) => k.name === s.name && k.id === s.id);
    if (key === undefined) continue;
    let ok = false;
    let time = null;
    if (key.type === ED25519) ok = s.bytes.length === 64 && verifyEd25519(s.bytes, message, key.publicKey);
    else if (s.bytes.length === 72) {
      time = 0n;
      for (const b of s.bytes.subarray(0, 8)) time = (time << 8n) | BigInt(b);
      const cosigned = concat(utf8(`cosignature/v1\ntime ${time}\n`), message);
      ok = time < 2n ** 63n && verifyEd25519(s.bytes.subarray(8), cosigned, key.publicKey);
    }
    if (!ok) return { invalid: true, by: new Map() };
    if (!by.has(key)) by.set(key, time);
  }
  return { invalid: false, by };
}

/** Does `key` (type 0x01) sign the note, with no invalid line by a trusted key? */
export const signedBy = (parsed, key) => verifyNote(parsed, [key]).by.has(key);

/** The cosignature/v1 by `key` (type 0x04), or null: its time when it holds. */
export function cosignedBy(parsed, key) {
  const { by } = verifyNote(parsed, [key]);
  return by.has(key) ? { time: by.get(key) } : null;
}

function verifyEd25519(signature, message, publicKey) {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

