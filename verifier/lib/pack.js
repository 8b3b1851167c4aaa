// The two MessagePack arrays the record hashes (docs/spec/02, 03), each value in its shortest
// form: a message's Merkle leaf [seq, subject, headers, data], and an event's record bytes
// [1, id, version, topic, prev, payload]. Written by hand into one reused buffer: a million of
// each are the verifier's hot path.

const enc = new TextEncoder();

export class Packer {
  constructor() {
    this.buf = new Uint8Array(64 * 1024);
    this.n = 0;
  }

  room(k) {
    if (this.n + k > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
      bigger.set(this.buf.subarray(0, this.n));
      this.buf = bigger;
    }
  }

  byte(b) {
    this.buf[this.n++] = b;
  }

  uint(v) {
    this.room(9);
    if (v < 0x80) this.byte(v);
    else if (v < 0x100) (this.byte(0xcc), this.byte(v));
    else if (v < 0x10000) (this.byte(0xcd), this.byte(v >>> 8), this.byte(v & 0xff));
    else if (v < 0x100000000) {
      this.byte(0xce);
      for (let s = 24; s >= 0; s -= 8) this.byte((v >>> s) & 0xff);
    } else {
      this.byte(0xcf);
      const big = BigInt(v);
      for (let s = 56n; s >= 0n; s -= 8n) this.byte(Number((big >> s) & 0xffn));
    }
  }

  len(k, fix, fixMax, one, two, four) {
    if (fix !== null && k <= fixMax) this.byte(fix | k);
    else if (one !== null && k < 0x100) (this.byte(one), this.byte(k));
    else if (k < 0x10000) (this.byte(two), this.byte(k >>> 8), this.byte(k & 0xff));
    else {
      this.byte(four);
      for (let s = 24; s >= 0; s -= 8) this.byte((k >>> s) & 0xff);
    }
  }

  str(s) {
    this.room(5 + s.length * 3);
    if (s.length < 32) {
      // short ASCII, the common case: a fixstr written here (encodeInto costs a call out)
      const buf = this.buf;
      let o = this.n + 1;
      let i = 0;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[o++] = c;
      }
      if (i === s.length) {
        buf[this.n] = 0xa0 | s.length;
        this.n = o;
        return;
      }
    }
    if (s.length < 256) {
      const buf = this.buf;
      let o = this.n + 2;
      let i = 0;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[o++] = c;
      }
      if (i === s.length) {
        if (s.length < 32) {
          buf.copyWithin(this.n + 1, this.n + 2, o);
          buf[this.n] = 0xa0 | s.length;
          this.n = o - 1;
        } else {
          buf[this.n] = 0xd9;
          buf[this.n + 1] = s.length;
          this.n = o;
        }
        return;
      }
    }
    const start = this.n;
    const { written } = enc.encodeInto(s, this.buf.subarray(start + 5));
    this.len(written, 0xa0, 31, 0xd9, 0xda, 0xdb);
    this.buf.copyWithin(this.n, start + 5, start + 5 + written);
    this.n += written;
  }

  bin(b) {
    this.room(5 + b.length);
    this.len(b.length, null, 0, 0xc4, 0xc5, 0xc6);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  /** The leaf bytes (a view, valid until the next call) of [seq, subject, headers, data],
   * `headers` a list of [name, value] already sorted by name. */
  leaf(seq, subject, headers, data) {
    this.n = 1; // byte 0 is left for the leaf hash's 0x00 (merkle.packedLeafHash)
    this.room(1);
    this.byte(0x94);
    this.uint(seq);
    this.str(subject);
    this.room(5);
    this.len(headers.length, 0x80, 15, null, 0xde, 0xdf);
    for (const [k, v] of headers) {
      this.str(k);
      this.str(v);
    }
    this.bin(data);
    return this.buf.subarray(1, this.n);
  }

  /** The record bytes (a view, valid until the next call) of one event; `prev` 32 bytes. */
  record(id, version, topic, prev, payload) {
    this.n = 0;
    this.room(2);
    this.byte(0x96);
    this.byte(0x01);
    this.str(id);
    this.uint(version);
    this.str(topic);
    this.bin(prev);
    this.bin(payload);
    return this.buf.subarray(0, this.n);
  }
}

/**
 * The MessagePack bytes of a value built of null, booleans, integers (number or BigInt),
 * strings, byte arrays and arrays: the shortest form of each (docs/spec README), for the
 * draw's commitments and digests.
 */
export function pack(value) {
  const p = new Packer();
  p.n = 0;
  p.value(value);
  return p.buf.slice(0, p.n);
}

Packer.prototype.value = function value(v) {
  this.room(9);
  if (v === null || v === undefined) this.byte(0xc0);
  else if (v === false) this.byte(0xc2);
  else if (v === true) this.byte(0xc3);
  else if (typeof v === 'number' || typeof v === 'bigint') {
    if (typeof v === 'number' && !Number.isInteger(v)) throw new Error('no floats in MessagePack here');
    if (v >= 0) this.uint(v);
    else this.negative(BigInt(v));
  } else if (typeof v === 'string') this.str(v);
  else if (v instanceof Uint8Array) this.bin(v);
  else if (Array.isArray(v)) {
    this.len(v.length, 0x90, 15, null, 0xdc, 0xdd);
    for (const x of v) this.value(x);
  } else throw new Error('not a value the draw packs');
};

Packer.prototype.negative = function negative(v) {
  const out = (bytes, n) => {
    this.byte(bytes);
    const u = BigInt.asUintN(n * 8, v);
    for (let s = BigInt((n - 1) * 8); s >= 0n; s -= 8n) this.byte(Number((u >> s) & 0xffn));
  };
  if (v >= -32n) this.byte(Number(BigInt.asUintN(8, v)));
  else if (v >= -128n) out(0xd0, 1);
  else if (v >= -32768n) out(0xd1, 2);
  else if (v >= -2147483648n) out(0xd2, 4);
  else out(0xd3, 8);
};
