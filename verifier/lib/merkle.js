// The RFC 9162 Merkle tree (section 2.1): leaf = SHA-256(0x00 ‖ bytes), node = SHA-256(0x01 ‖
// left ‖ right), the tree of n leaves split at the largest power of two below n. Built one
// leaf at a time; every perfect subtree is kept (2n hashes in all), so that the root at any
// earlier size, the one a checkpoint signed, costs log n hashes without a second pass.

import { sha256, sha256Of } from './sha256.js';

const LEAF = new Uint8Array([0]);

export const leafHash = (bytes) => sha256(LEAF, bytes);

const pair = new Uint8Array(65);
pair[0] = 1;
export function nodeHash(left, right) {
  pair.set(left, 1);
  pair.set(right, 33);
  return sha256Of(pair);
}

/** The leaf hash of bytes a Packer wrote, which leaves the byte before them for the 0x00. */
export function packedLeafHash(view) {
  const input = new Uint8Array(view.buffer, view.byteOffset - 1, view.length + 1);
  input[0] = 0;
  return sha256Of(input);
}
export const EMPTY_ROOT = () => sha256(new Uint8Array(0));

class Level {
  constructor() {
    this.buf = new Uint8Array(32 * 1024);
    this.count = 0;
  }

  push(h) {
    if ((this.count + 1) * 32 > this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf.set(h, this.count * 32);
    this.count++;
  }

  at(i) {
    return this.buf.subarray(i * 32, i * 32 + 32);
  }
}

export class MerkleLog {
  constructor() {
    this.levels = [new Level()];
    this.size = 0;
  }

  /** Append one leaf hash; completes every perfect subtree it closes. */
  append(leaf) {
    this.levels[0].push(leaf);
    this.size++;
    let i = this.size - 1;
    let level = 0;
    while (i & 1) {
      const below = this.levels[level];
      const h = nodeHash(below.at(i - 1), below.at(i));
      level++;
      if (this.levels.length === level) this.levels.push(new Level());
      this.levels[level].push(h);
      i >>= 1;
    }
  }

  /** The root of the first n leaves (n ≤ size): its perfect subtrees, folded from the right. */
  root(n = this.size) {
    if (n > this.size) throw new Error(`tree of ${this.size} leaves has no root at ${n}`);
    if (n === 0) return EMPTY_ROOT();
    const parts = [];
    let offset = 0;
    for (let level = 31; level >= 0; level--) {
      const width = 2 ** level;
      if (n - offset >= width) {
        parts.push(this.levels[level].at(offset / width));
        offset += width;
      }
    }
    let h = parts[parts.length - 1];
    for (let k = parts.length - 2; k >= 0; k--) h = nodeHash(parts[k], h);
    return h;
  }
}

/** The RFC 9162 root of a list of leaf hashes (small lists: the pool's commitments). */
export function rootOf(leaves) {
  const tree = new MerkleLog();
  for (const l of leaves) tree.append(l);
  return tree.root();
}
