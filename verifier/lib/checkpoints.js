// Checkpoints as an auditor judges them (docs/spec/04, 07): a signed note or a legacy JSON
// envelope, checked against the keys the auditor pinned; and the outside checkpoint file.

import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from './bytes.js';
import { NoteError, parseCheckpoint, parseNote, verifyNote } from './note.js';
import { sha256 } from './sha256.js';

export class CheckpointFileError extends Error {}

const LEGACY_KEYS = ['at', 'key_id', 'origin', 'public_key', 'root', 'signature', 'tree_size'];

/** A legacy envelope's fields, or null when it is not one (all seven keys, their types). */
export function parseLegacy(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value).sort();
  if (keys.length !== 7 || keys.some((k, i) => k !== LEGACY_KEYS[i])) return null;
  const { at, key_id, origin, public_key, root, signature, tree_size } = value;
  if (![at, key_id, origin, public_key, root, signature].every((s) => typeof s === 'string')) return null;
  if (!Number.isSafeInteger(tree_size) || tree_size < 0) return null;
  let rootBytes, publicKey, sig;
  try {
    rootBytes = fromHex(root);
    publicKey = fromBase64(public_key);
    sig = fromBase64(signature);
  } catch {
    return null;
  }
  if (rootBytes.length !== 32) return null;
  return { legacy: true, origin, size: tree_size, root: rootBytes, at, keyId: key_id, publicKey, signature: sig };
}

/** A signed note's checkpoint, or null when the payload is not one. */
export function parseNoteCheckpoint(text) {
  try {
    const note = parseNote(text);
    const body = parseCheckpoint(note.text);
    return { legacy: false, origin: body.origin, size: body.size, root: body.root, note, text };
  } catch (e) {
    if (e instanceof NoteError) return null;
    throw e;
  }
}

/**
 * Who signed it among the pinned keys: `{ok, problem, signer}`, problem `key` (no signature by
 * a pinned key named as the origin) or `signature` (a pinned key's line does not verify).
 */
export function judgeSignature(cp, keys) {
  if (cp.legacy) {
    const pinned = keys.find((k) => k.type === 0x01 && toHex(k.publicKey) === toHex(cp.publicKey));
    if (pinned === undefined) return { ok: false, problem: 'key' };
    const idOk = toHex(sha256(cp.publicKey)).slice(0, 16) === cp.keyId;
    const signed = utf8(`${cp.origin}\n${cp.size}\n${toBase64(cp.root)}\ntime ${cp.at}\n`);
    let sigOk = false;
    try {
      sigOk = cp.signature.length === 64 && ed25519.verify(cp.signature, signed, cp.publicKey, { zip215: false });
    } catch {
      sigOk = false;
    }
    return idOk && sigOk ? { ok: true, signer: toHex(cp.publicKey) } : { ok: false, problem: 'signature' };
  }
  const logKeys = keys.filter((k) => k.type === 0x01);
  const { invalid, by } = verifyNote(cp.note, logKeys);
  if (invalid) return { ok: false, problem: 'signature' };
  for (const k of by.keys()) if (k.name === cp.origin) return { ok: true, signer: toHex(k.publicKey) };
  return { ok: false, problem: 'key' };
}

/** How many of the witness keys validly cosigned the checkpoint (each key checked alone). */
export function cosignatures(cp, witnesses) {
  if (cp.legacy) return 0;
  let n = 0;
  for (const w of witnesses) if (verifyNote(cp.note, [w]).by.has(w)) n++;
  return n;
}

/** The checkpoints of an outside file (docs/spec/04), each with the line it starts at. */
export function readOutside(text, name) {
  const lines = text.split('\n');
  const found = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i] === '') {
      i++;
      continue;
    }
    const line = i + 1;
    if (lines[i].startsWith('{')) {
      let value = null;
      try {
        value = JSON.parse(lines[i]);
      } catch {
        value = null;
      }
      const cp = parseLegacy(value);
      if (cp === null) throw new CheckpointFileError(`${name} line ${line}: not a checkpoint`);
      found.push({ ...cp, place: `${name} line ${line}`, text: lines[i] });
      i++;
      continue;
    }
    const body = [];
    while (i < lines.length && lines[i] !== '') body.push(lines[i++]);
    i++;
    const sigs = [];
    while (i < lines.length && lines[i].startsWith('\u2014 ')) sigs.push(lines[i++]);
    const note = `${body.join('\n')}\n\n${sigs.join('\n')}\n`;
    const cp = parseNoteCheckpoint(note);
    if (cp === null || sigs.length === 0) throw new CheckpointFileError(`${name} line ${line}: not a signed checkpoint`);
    found.push({ ...cp, place: `${name} line ${line}` });
  }
  return found;
}
