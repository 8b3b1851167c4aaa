// The node verifier on several threads: the export cut into byte ranges at line ends, each
// range prepared by a worker (worker.mjs), the results applied in file order by this thread
// (the checks that need the log's order: continuity, chains, tree, checkpoints, draws).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InputError, Verifier } from './lib/verify.js';

/** Where the line holding byte `at` ends (the byte after its newline). */
function lineEnd(fd, at, size) {
  const buf = Buffer.allocUnsafe(1 << 16);
  while (at < size) {
    const n = readSync(fd, buf, 0, buf.length, at);
    const i = buf.subarray(0, n).indexOf(0x0a);
    if (i >= 0) return at + i + 1;
    at += n;
  }
  return size;
}

/** The report on an export file, read by `threads` workers (InputError on bad input). */
export async function verifyFile(file, options, threads = Math.min(availableParallelism(), 4)) {
  const fd = openSync(file, 'r');
  let size, headerEnd, head;
  try {
    size = fstatSync(fd).size;
    headerEnd = lineEnd(fd, 0, size);
    const buf = Buffer.allocUnsafe(headerEnd);
    readSync(fd, buf, 0, headerEnd, 0);
    try {
      head = JSON.parse(buf.toString('utf8'));
    } catch {
      throw new InputError('not-export');
    }
    const v = new Verifier(options);
    v.start(head);
    const cuts = [headerEnd];
    for (let i = 1; i < threads; i++) cuts.push(Math.max(cuts.at(-1), lineEnd(fd, headerEnd + Math.floor(((size - headerEnd) * i) / threads), size)));
    cuts.push(size);
    closeSync(fd);
    return await run(v, file, cuts, head.prefix);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // closed above
    }
  }
}

function run(v, file, cuts, prefix) {
  return new Promise((resolve, reject) => {
    const n = cuts.length - 1;
    const queues = Array.from({ length: n }, () => []);
    const done = new Array(n).fill(null); // lines read, once finished
    const workers = [];
    let current = 0;
    let linesBefore = 1; // the header
    let failed = false;
    const fail = (e) => {
      if (failed) return;
      failed = true;
      Promise.all(workers.map((w) => w.terminate())).then(() => reject(e), () => reject(e));
    };
    const drain = () => {
      try {
        while (current < n) {
          const q = queues[current];
          while (q.length) {
            const { msgs, leaves } = q.shift();
            for (let i = 0; i < msgs.length; i++) {
              const m = msgs[i];
              if (m.trailer === undefined) m.leaf = leaves.subarray(i * 32, i * 32 + 32);
              v.apply(m, linesBefore + m.line);
            }
          }
          const d = done[current];
          if (d === null) return;
          if (d.error) throw new InputError(d.error.key, { ...d.error.params, line: d.error.params.line !== undefined ? linesBefore + d.error.params.line : undefined });
          linesBefore += d.lines;
          current++;
        }
        const report = v.finish();
        // resolved once every thread has ended (node 20 aborts a process left with a worker's loop still polling)
        Promise.all(exits).then(() => resolve(report));
      } catch (e) {
        fail(e);
      }
    };
    const exits = [];
    for (let i = 0; i < n; i++) {
      const w = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { file, start: cuts[i], end: cuts[i + 1], prefix } });
      workers.push(w);
      exits.push(new Promise((ended) => w.once('exit', ended)));
      w.on('message', (msg) => {
        if (msg.done || msg.error) done[i] = msg;
        else queues[i].push(msg);
        if (i === current) drain();
      });
      w.on('error', fail);
    }
  });
}
