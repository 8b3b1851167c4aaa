// A thread of the node verifier: reads its byte range of the export, whole lines only, and
// prepares each message (lib/prepare.js); sends them in order, in batches, their leaf hashes
// in one transferred buffer.

import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { parentPort, workerData } from 'node:worker_threads';
import { useNodeCrypto } from './lib/sha256.js';
import { Packer } from './lib/pack.js';
import { InputError, contextOf, prepare } from './lib/prepare.js';

useNodeCrypto(createHash);
const { file, start, end, prefix } = workerData;
const ctx = contextOf(prefix);
const packer = new Packer();
const BATCH = 4096;
let msgs = [];
let leaves = new Uint8Array(BATCH * 32);
let lines = 0;

function flush() {
  if (msgs.length === 0) return;
  parentPort.postMessage({ msgs, leaves }, [leaves.buffer]);
  msgs = [];
  leaves = new Uint8Array(BATCH * 32);
}

function take(text) {
  lines++;
  const m = prepare(ctx, text, lines, packer);
  if (m === null) return;
  m.line = lines;
  if (m.leaf !== undefined) {
    leaves.set(m.leaf, msgs.length * 32);
    m.leaf = undefined;
  }
  msgs.push(m);
  if (msgs.length === BATCH) flush();
}

const fd = openSync(file, 'r');
try {
  const buf = Buffer.allocUnsafe(1 << 22);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let at = start;
  while (at < end) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, end - at), at);
    if (n === 0) break;
    at += n;
    const text = rest + decoder.write(buf.subarray(0, n));
    const parts = text.split('\n');
    rest = parts.pop();
    for (const line of parts) take(line);
  }
  rest += decoder.end();
  if (rest) take(rest);
  flush();
  parentPort.postMessage({ done: true, lines });
} catch (e) {
  flush();
  if (e instanceof InputError) parentPort.postMessage({ error: { key: e.key, params: e.params }, lines });
  else throw e;
} finally {
  closeSync(fd);
}
