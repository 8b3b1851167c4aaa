// The log as published tiles (docs/spec/10, vectors tiles.json): paths, widths, bundles of both
// formats, a leaf read back into its message, the hash tiles rebuilt from the entries byte for
// byte, and a whole published log verified (then tampered: one hash tile, one entry).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vector, hex } from '../testkit.js';
import { toHex } from '../lib/bytes.js';
import { leafHash } from '../lib/merkle.js';
import { TileTree, decodeLeaf, indexPath, partialWidth, tilePath, unbundle, verifyTiles } from '../lib/tiles.js';

const v = vector('tiles.json');
const published = v.published;
const utf8 = (s) => new TextEncoder().encode(s);

/** The vector's files as a fetch: the bytes at a path, or null; `change` edits a copy. */
function served(change = (files) => files) {
  const files = new Map(Object.entries(published.files_hex).map(([p, h]) => [p, hex(h)]));
  files.set('checkpoint', utf8(published.checkpoint));
  files.set('log.json', utf8(published.log_json));
  change(files);
  return async (path) => files.get(path) ?? null;
}

test('index paths and the partial tiles of each size', () => {
  for (const { n, path } of v.index_paths) assert.equal(indexPath(n), path, `N ${n}`);
  for (const { size, partial, paths } of v.widths) {
    assert.deepEqual([0, 1, 2].map((l) => partialWidth(size, l)), partial, `size ${size}`);
    const got = [0, 1, 2].filter((l) => partialWidth(size, l)).map((l) => tilePath(l, Math.floor(size / 256 ** (l + 1)), partialWidth(size, l)));
    assert.deepEqual(got, paths, `size ${size}`);
  }
});

test('bundles: uint16 length prefixes, and uint32 at tile/entries-u32/', () => {
  const want = v.bundles.entries;
  assert.deepEqual(unbundle(hex(v.bundles.uint16_hex)).map(toHex), want);
  assert.deepEqual(unbundle(hex(v.bundles.uint32_hex), 4).map(toHex), want);
  assert.throws(() => unbundle(hex(v.bundles.uint16_hex).subarray(0, 5)));
});

test('a leaf read back into its message', () => {
  const m = decodeLeaf(hex(v.leaf.entry_hex));
  assert.deepEqual({ seq: m.seq, subject: m.subject, headers: m.headers, data_hex: toHex(m.data) }, { seq: v.leaf.seq, subject: v.leaf.subject, headers: v.leaf.headers, data_hex: v.leaf.data_hex });
  assert.throws(() => decodeLeaf(hex(`${v.leaf.entry_hex}00`)), /after the message/);
});

test('the hash tiles rebuilt from the entries are the published ones, byte for byte', () => {
  const tree = new TileTree();
  const entries = [...unbundle(hex(published.files_hex['tile/entries/000'])), ...unbundle(hex(published.files_hex['tile/entries/001.p/44']))];
  for (const e of entries) tree.append(leafHash(e));
  const made = [...tree.takeFull(), ...tree.partial()];
  assert.deepEqual(made.map(([p]) => p), ['tile/0/000', 'tile/0/001.p/44', 'tile/1/000.p/1']);
  for (const [path, bytes] of made) assert.equal(toHex(bytes), published.files_hex[path], path);
  assert.equal(toHex(tree.root()), published.root_hex);
});

test('the published log holds, also with its bundle at entries-u32', async () => {
  const r = await verifyTiles(served(), 'vector', { trust: [published.vkey] });
  assert.deepEqual(r.violations, []);
  assert.equal(r.records, published.tree_size);
  assert.equal(r.root, published.root_hex);
  const large = served((files) => {
    files.set('tile/entries-u32/000', concatLarge(unbundle(files.get('tile/entries/000'))));
    files.delete('tile/entries/000');
  });
  assert.deepEqual((await verifyTiles(large, 'vector', { trust: [published.vkey] })).violations, []);
});

test('a changed hash tile is named by its path; a changed entry by the tree it breaks', async () => {
  const tile = served((files) => {
    files.get('tile/0/000')[7] ^= 1;
  });
  const r = await verifyTiles(tile, 'vector', { trust: [published.vkey] });
  assert.deepEqual(r.violations.map((x) => `${x.rule}@${x.seq} ${x.aggregate}`), ['tile@0 tile/0/000']);
  const entry = served((files) => {
    const b = files.get('tile/entries/001.p/44');
    b[b.length - 1] ^= 1; // the last position, 300, is now 301: still a position after 299
  });
  const rules = new Set((await verifyTiles(entry, 'vector', { trust: [published.vkey] })).violations.map((x) => x.rule));
  for (const rule of ['tile', 'tiles-root', 'outside-checkpoint-root']) assert.ok(rules.has(rule), rule);
});

function concatLarge(entries) {
  const out = new Uint8Array(entries.reduce((n, e) => n + 4 + e.length, 0));
  let o = 0;
  for (const e of entries) {
    new DataView(out.buffer).setUint32(o, e.length);
    out.set(e, o + 4);
    o += 4 + e.length;
  }
  return out;
}
