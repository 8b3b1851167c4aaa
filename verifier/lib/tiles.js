// The log as published C2SP tlog-tiles (docs/spec/10): its checkpoint, its entry bundles
// decoded back into messages for the same checks as an export's lines, and every hash tile
// served checked against the tree the entries give (rule `tile`). Reads through `fetch(path)`,
// an async function giving the bytes at a path of the published tree, or null where there is
// no file: node's fs or fetch, the page's fetch; this module does no I/O of its own.

import { toHex, equal } from './bytes.js';
import { parseNoteCheckpoint } from './checkpoints.js';
import { nodeHash, leafHash, EMPTY_ROOT } from './merkle.js';
import { InputError, Verifier, violation } from './verify.js';

export const TILES_FORMAT = 'assembly-record-tiles';
const WIDTH = 256;
const HASH = 32;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A tile that cannot be read for a reason other than its absence (HTTP 500, EACCES…). */
export class TileFetchError extends Error {}

/** N as the spec writes it: 3-digit groups, all but the last prefixed with `x`. */
export function indexPath(n) {
  let path = String(n % 1000).padStart(3, '0');
  n = Math.floor(n / 1000);
  while (n > 0) {
    path = `x${String(n % 1000).padStart(3, '0')}/${path}`;
    n = Math.floor(n / 1000);
  }
  return path;
}

/** `tile/<L>/<N>[.p/<W>]`; `level` a number, or "entries" / "entries-u32". */
export const tilePath = (level, index, width = WIDTH) => `tile/${level}/${indexPath(index)}${width === WIDTH ? '' : `.p/${width}`}`;

/** How many hashes the partial tile at `level` of a tree of `size` holds (0: none). */
export const partialWidth = (size, level) => Math.floor(size / 256 ** level) % WIDTH;
const fullTiles = (size, level) => Math.floor(size / 256 ** (level + 1));

/** The entries of a bundle, each prefixed by its length (2 bytes, or 4 for entries-u32). */
export function unbundle(data, prefix = 2) {
  const out = [];
  let i = 0;
  while (i < data.length) {
    if (i + prefix > data.length) throw new Error('the bundle ends inside an entry’s length');
    let n = 0;
    for (let k = 0; k < prefix; k++) n = n * 256 + data[i + k];
    i += prefix;
    if (i + n > data.length) throw new Error(`the bundle ends inside an entry of ${n} bytes`);
    out.push(data.subarray(i, i + n));
    i += n;
  }
  return out;
}

/** MTH of a perfect subtree from its bottom hashes (a tile's bytes, or part of them). */
function subtreeRoot(hashes) {
  let nodes = [];
  for (let i = 0; i < hashes.length; i += HASH) nodes.push(hashes.subarray(i, i + HASH));
  while (nodes.length > 1) {
    const up = [];
    for (let i = 0; i < nodes.length; i += 2) up.push(nodeHash(nodes[i], nodes[i + 1]));
    nodes = up;
  }
  return nodes[0];
}

/** The hash tiles of a tree grown one leaf hash at a time: the rightmost tile of each level. */
export class TileTree {
  constructor() {
    this.size = 0;
    this.edges = [[]]; // per level, the hashes of its rightmost (unfinished) tile
    this.full = [];
  }

  append(hash) {
    this.size++;
    let level = 0;
    this.edges[0].push(hash);
    while (this.edges[level].length === WIDTH) {
      const tile = concatHashes(this.edges[level]);
      this.edges[level] = [];
      this.full.push([tilePath(level, fullTiles(this.size, level) - 1), tile]);
      level++;
      if (this.edges.length === level) this.edges.push([]);
      this.edges[level].push(subtreeRoot(tile));
    }
  }

  /** The full tiles completed since the last call, as [path, bytes]. */
  takeFull() {
    const done = this.full;
    this.full = [];
    return done;
  }

  /** The partial tiles of the current size. */
  partial() {
    const out = [];
    this.edges.forEach((edge, level) => {
      if (edge.length) out.push([tilePath(level, fullTiles(this.size, level), edge.length), concatHashes(edge)]);
    });
    return out;
  }

  /** The RFC 9162 root: each level's perfect subtrees, largest first, folded from the right. */
  root() {
    const parts = [];
    for (let level = this.edges.length - 1; level >= 0; level--) {
      const edge = this.edges[level];
      let lo = 0;
      for (let k = 8; k >= 0; k--) {
        if ((edge.length >> k) & 1) {
          parts.push(subtreeRoot(concatHashes(edge.slice(lo, lo + (1 << k)))));
          lo += 1 << k;
        }
      }
    }
    if (parts.length === 0) return EMPTY_ROOT();
    let h = parts[parts.length - 1];
    for (let i = parts.length - 2; i >= 0; i--) h = nodeHash(parts[i], h);
    return h;
  }
}

function concatHashes(hashes) {
  const out = new Uint8Array(hashes.length * HASH);
  hashes.forEach((h, i) => out.set(h, i * HASH));
  return out;
}

/**
 * A leaf's bytes back into its message (docs/spec/10): the MessagePack array [seq, subject,
 * headers, data], any width of integer or length accepted, nothing after it. Throws on
 * anything else.
 */
export function decodeLeaf(b) {
  let i = 0;
  const need = (k) => {
    if (i + k > b.length) throw new Error('the entry ends inside a value');
  };
  const num = (k) => {
    need(k);
    let v = 0;
    for (let j = 0; j < k; j++) v = v * 256 + b[i + j];
    i += k;
    return v;
  };
  const tag = () => num(1);
  const uint = () => {
    const t = tag();
    if (t < 0x80) return t;
    const k = { 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8 }[t];
    if (k === undefined) throw new Error('a sequence that is not an unsigned integer');
    const v = num(k);
    if (!Number.isSafeInteger(v)) throw new Error('a sequence beyond 2^53');
    return v;
  };
  const str = () => {
    const t = tag();
    let n;
    if ((t & 0xe0) === 0xa0) n = t & 0x1f;
    else if (t === 0xd9) n = num(1);
    else if (t === 0xda) n = num(2);
    else if (t === 0xdb) n = num(4);
    else throw new Error('a value that is not a string');
    need(n);
    const s = UTF8.decode(b.subarray(i, i + n));
    i += n;
    return s;
  };
  const t0 = tag();
  if (t0 !== 0x94) throw new Error('not an array of four values');
  const seq = uint();
  const subject = str();
  const tm = tag();
  let count;
  if ((tm & 0xf0) === 0x80) count = tm & 0x0f;
  else if (tm === 0xde) count = num(2);
  else if (tm === 0xdf) count = num(4);
  else throw new Error('headers that are not a map');
  const headers = new Map();
  for (let k = 0; k < count; k++) {
    const name = str();
    headers.set(name, str());
  }
  const tb = tag();
  const k = { 0xc4: 1, 0xc5: 2, 0xc6: 4 }[tb];
  if (k === undefined) throw new Error('a payload that is not bytes');
  const n = num(k);
  need(n);
  const data = b.subarray(i, i + n);
  i += n;
  if (i !== b.length) throw new Error('bytes after the message');
  const sorted = [...headers].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return { seq, subject, headers: sorted, data };
}

async function must(fetch, where, path) {
  let data;
  try {
    data = await fetch(path);
  } catch (e) {
    throw new InputError('no-tiles', { where, why: `${path}: ${e?.message ?? e}` });
  }
  if (data === null) throw new InputError('no-tiles', { where, why: `${path}: not found` });
  return data;
}

/**
 * The report on the log published at `where` (its name for people), read through `fetch`;
 * `options` as for an export. The published checkpoint counts as one kept outside.
 * InputError when there is no published log there (no checkpoint, no log.json).
 */
export async function verifyTiles(fetch, where, options, progress = () => {}) {
  const base = where.replace(/\/+$/, '');
  let cp, info;
  const noteBytes = await must(fetch, where, 'checkpoint');
  try {
    cp = parseNoteCheckpoint(UTF8.decode(noteBytes));
  } catch {
    cp = null;
  }
  if (cp === null) throw new InputError('no-tiles', { where, why: 'checkpoint: not a checkpoint note' });
  try {
    info = JSON.parse(UTF8.decode(await must(fetch, where, 'log.json')));
  } catch (e) {
    if (e instanceof InputError) throw e;
    info = null;
  }
  if (info === null || typeof info !== 'object' || info.format !== TILES_FORMAT || typeof info.stream !== 'string' || typeof info.prefix !== 'string') {
    throw new InputError('no-tiles', { where, why: `log.json: not of format ${TILES_FORMAT}` });
  }
  if (info.version !== 1) throw new InputError('no-tiles', { where, why: `log.json: version ${info.version}, not 1` });
  const outside = [...(options.outside ?? []), { ...cp, place: `${base}/checkpoint` }];
  const v = new Verifier({ ...options, outside });
  v.start({ format: 'assembly-record-log', version: 1, stream: info.stream, prefix: info.prefix, config: info.config ?? null, last_seq: cp.size }, { trailer: false });
  const problems = [];
  const bad = (rule, aggregate, expected, found, seq = 0, fr = null) => problems.push(violation(seq, rule, aggregate, expected, found, fr));
  const check = async (made) => {
    for (const [path, bytes] of made) {
      let served;
      try {
        served = await fetch(path);
      } catch (e) {
        served = e;
      }
      if (served === null || served instanceof Error) {
        const why = served === null ? 'not found' : served.message;
        bad('tile', path, 'the hash tile the entries give', `${path}: ${why}`, 0, { expected: 'la tuile de hachages que donnent les entrées', found: `${path} : ${served === null ? 'absente' : why}` });
      } else if (!equal(served, bytes)) {
        bad('tile', path, `the hash tile the entries give (${bytes.length} bytes)`, `another one (${served.length} bytes)`, 0, { expected: `la tuile de hachages que donnent les entrées (${bytes.length} octets)`, found: `une autre (${served.length} octets)` });
      }
    }
  };
  const tree = new TileTree();
  const bundles = Math.ceil(cp.size / WIDTH);
  let n = 0;
  reading: for (let index = 0; index < bundles; index++) {
    const width = index < fullTiles(cp.size, 0) ? WIDTH : partialWidth(cp.size, 0);
    let entries;
    let path = tilePath('entries', index, width);
    try {
      let data = await fetch(path);
      let prefix = 2;
      if (data === null) {
        path = tilePath('entries-u32', index, width);
        data = await fetch(path);
        prefix = 4;
      }
      if (data === null) throw new Error(`${path}: not found (nor at tile/entries/)`);
      entries = unbundle(data, prefix);
      if (entries.length !== width) throw new Error(`${path} holds ${entries.length} entries, not ${width}`);
    } catch (e) {
      bad('tile', `bundle ${index}`, 'the entries of the checkpoint’s tree', e.message, 0, { expected: 'les entrées de l’arbre du point de contrôle', found: e.message });
      break reading;
    }
    for (const entry of entries) {
      tree.append(leafHash(entry));
      let m;
      try {
        m = decodeLeaf(entry);
      } catch (e) {
        bad('tile', `bundle ${index}`, 'a message’s leaf bytes', e.message, tree.size, { expected: 'les octets de feuille d’un message', found: e.message });
        continue;
      }
      n++;
      v.message(m.seq, m.subject, m.headers, m.data, '', n);
    }
    await check(tree.takeFull());
    progress(tree.size, cp.size);
  }
  await check(tree.partial());
  if (tree.size === cp.size && !equal(tree.root(), cp.root)) {
    bad('tiles-root', 'checkpoint', `root ${toHex(cp.root)} signed for ${cp.size} entries`, `root ${toHex(tree.root())} of the entries served`, 0, { expected: `la racine ${toHex(cp.root)} signée pour ${cp.size} entrées`, found: `la racine ${toHex(tree.root())} des entrées servies` });
  }
  for (const p of problems) v.violations.push(p);
  return { ...v.finish(), tiles: { where: base, tree_size: cp.size } };
}

/**
 * A `fetch(path)` for tiles served over http(s) at `base`, through `get` (the global fetch):
 * a plain GET asking gzip or identity, no credentials, no referrer; 404 is no file.
 */
export function httpFetcher(base, get = globalThis.fetch) {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return async (path) => {
    const r = await get(prefix + path, { credentials: 'omit', referrerPolicy: 'no-referrer', cache: path === 'checkpoint' ? 'no-store' : 'default' });
    if (r.status === 404) return null;
    if (!r.ok) throw new TileFetchError(`HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  };
}
