// The spec's byte-level vectors (docs/spec/vectors): canonical JSON, record bytes and digests,
// Merkle leaves, roots and proofs, notes, keys and cosignatures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vector, hex } from '../testkit.js';
import { canonicalValue } from '../lib/canonical.js';
import { Packer } from '../lib/pack.js';
import { MerkleLog, leafHash } from '../lib/merkle.js';
import { sha256 } from '../lib/sha256.js';
import { toHex } from '../lib/bytes.js';
import { parseVkey, parseNote, parseCheckpoint, signedBy, cosignedBy } from '../lib/note.js';

test('canonical payload bytes: every case of canonical.json', () => {
  const v = vector('canonical.json');
  for (const c of [...v.cases, { ...v.event, input_hex: v.event.payload_hex }]) {
    const { why } = canonicalValue(hex(c.input_hex));
    assert.equal(why === null, c.canonical, c.name);
    if (!c.canonical) assert.equal(why, c.why, c.name);
  }
});

test('record bytes and digests: the chain and the encodings of record.json', () => {
  const v = vector('record.json');
  const p = new Packer();
  for (const e of [...v.chain, ...v.encodings]) {
    const bytes = p.record(e.originator_id, e.version, e.topic, hex(e.prev_hex), hex(e.state_hex));
    assert.equal(toHex(bytes), e.record_bytes_hex, `${e.originator_id} v${e.version}`);
    if (e.digest_hex) assert.equal(toHex(sha256(bytes)), e.digest_hex);
  }
});

test('Merkle: roots of every size, message leaves (merkle.json)', () => {
  const v = vector('merkle.json');
  const tree = new MerkleLog();
  assert.equal(toHex(tree.root()), v.empty_root_hex);
  for (const leaf of v.leaves_hex) tree.append(leafHash(hex(leaf)));
  for (const r of v.roots) assert.equal(toHex(tree.root(r.size)), r.root_hex, `size ${r.size}`);
  const p = new Packer();
  for (const m of v.message_leaves) {
    const stored = Object.entries(m.headers).filter(([k]) => !DELIVERY.has(k)).sort(([a], [b]) => (a < b ? -1 : 1));
    const bytes = p.leaf(m.seq, m.subject, stored, hex(m.data_hex));
    assert.equal(toHex(bytes), m.leaf_bytes_hex);
    assert.equal(toHex(leafHash(bytes)), m.leaf_hash_hex);
  }
});

const DELIVERY = new Set(['Nats-Stream', 'Nats-Subject', 'Nats-Sequence', 'Nats-Time-Stamp', 'Nats-Num-Pending', 'Nats-Last-Sequence', 'Nats-UpTo-Sequence']);

test('notes: the log key, its checkpoint, the witness cosignature (note.json)', () => {
  const v = vector('note.json');
  const key = parseVkey(v.log_key.vkey);
  assert.equal(key.id, v.log_key.key_id_hex);
  assert.equal(toHex(key.publicKey), v.log_key.public_key_hex);
  const note = parseNote(v.checkpoint.note);
  assert.equal(note.text, v.checkpoint.body);
  const cp = parseCheckpoint(note.text);
  assert.deepEqual([cp.origin, cp.size, toHex(cp.root)], [v.checkpoint.origin, v.checkpoint.tree_size, v.checkpoint.root_hex]);
  assert.ok(signedBy(note, key));
  const witness = parseVkey(v.witness_key.vkey);
  const cosigned = parseNote(v.cosignature.note);
  assert.ok(signedBy(cosigned, key));
  assert.equal(cosignedBy(cosigned, witness)?.time, BigInt(v.cosignature.timestamp));
  const forged = parseNote(v.checkpoint.note.replace('\n8\n', '\n9\n'));
  assert.ok(!signedBy(forged, key));
});
