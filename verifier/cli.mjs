#!/usr/bin/env node
// The second verifier, in node: `node verifier/cli.mjs paris.log.jsonl --checkpoint
// checkpoints.txt --trust VKEY`, or `node verifier/cli.mjs --tiles DIR|URL --trust VKEY` for the
// log as published tiles (docs/spec/10). Exit 0 when everything it checks holds, 1 with each violation
// otherwise, 2 on bad input (one sentence). Built from docs/spec/, not from the Python.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { useNodeCrypto } from './lib/sha256.js';
import { linesOf, verifyBatches } from './lib/run.js';
import { verifyFile } from './parallel.mjs';
import { httpFetcher, verifyTiles } from './lib/tiles.js';
import { statSync } from 'node:fs';
import { InputError } from './lib/verify.js';
import { CheckpointFileError, readOutside } from './lib/checkpoints.js';
import { NoteError, parseVkey } from './lib/note.js';
import { NOT_CHECKED, inputMessage, summary, uncoveredLine, violationLine } from './lib/messages.js';

const envLang = (process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '').toLowerCase();
let lang = envLang.startsWith('fr') ? 'fr' : 'en';

function refuse(key, params) {
  process.stderr.write(`${inputMessage(lang, key, params)}\n`);
  process.exit(2);
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        checkpoint: { type: 'string', multiple: true, default: [] },
        tiles: { type: 'string' },
        trust: { type: 'string', multiple: true, default: [] },
        'trust-any': { type: 'boolean', default: false },
        'auditor-state': { type: 'string' },
        witness: { type: 'string', multiple: true, default: [] },
        quorum: { type: 'string' },
        json: { type: 'boolean', default: false },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    refuse('usage', { why: e.message.split('\n')[0] });
  }
  const o = parsed.values;
  if (o.lang === 'fr' || o.lang === 'en') lang = o.lang;
  else if (o.lang !== undefined) refuse('usage', { why: `--lang ${o.lang}` });
  if (o.help) {
    process.stdout.write(`${inputMessage(lang, 'usage', { why: lang === 'fr' ? 'vérifie un export du registre, ou le registre publié en tuiles (--tiles)' : 'checks an export of the record, or the record published as tiles (--tiles)' })}\n`);
    return 0;
  }
  const tiles = o.tiles;
  if (tiles !== undefined && parsed.positionals.length) refuse('usage', { why: lang === 'fr' ? 'un export ou --tiles, pas les deux' : 'an export or --tiles, not both' });
  if (tiles === undefined && parsed.positionals.length !== 1) refuse('usage', { why: lang === 'fr' ? 'un fichier d’export, un seul' : 'one export file, exactly' });
  const file = parsed.positionals[0];
  const trust = [...o.trust, ...(o.trust.length ? [] : (process.env.ASSEMBLY_TRUST ?? '').split(/\s+/).filter(Boolean))];
  const witnesses = [...o.witness, ...(o.witness.length ? [] : (process.env.ASSEMBLY_TRUST_WITNESSES ?? '').split(/\s+/).filter(Boolean))];
  if (trust.length === 0 && !o['trust-any']) refuse('no-trust');
  let quorum = null;
  if (o.quorum !== undefined) {
    if (!/^[0-9]+$/.test(o.quorum)) refuse('usage', { why: `--quorum ${o.quorum}` });
    quorum = Number(o.quorum);
  }
  useNodeCrypto(createHash);
  for (const [which, keys] of [['--trust', trust], ['--witness', witnesses]]) {
    for (const k of keys) {
      try {
        parseVkey(k);
      } catch (e) {
        if (e instanceof NoteError) refuse('bad-key', { which, value: k });
        throw e;
      }
    }
  }
  const outside = [];
  for (const path of o.checkpoint) {
    let text;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      refuse('no-file', { file: path, why: WHY_NOT[e.code]?.[lang] ?? e.message });
    }
    try {
      outside.push(...readOutside(text, path));
    } catch (e) {
      if (e instanceof CheckpointFileError) refuse('bad-checkpoints', { why: e.message });
      throw e;
    }
  }
  const state = o['auditor-state'] ?? process.env.ASSEMBLY_AUDITOR_STATE;
  let report;
  try {
    const options = { trust, trustAny: o['trust-any'], witnesses, quorum, outside, remembered: state ? (origin) => remembered(state, origin) : null };
    // a large plain export is read by several threads; a small or compressed one by this one
    if (tiles !== undefined) report = await verifyTiles(tilesFetcher(tiles), tiles, options);
    else report = isLarge(file) ? await verifyFile(file, options) : await verifyBatches(linesOf(chunksOf(file)), options);
  } catch (e) {
    if (e instanceof InputError) refuse(e.key, e.params);
    if (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES') refuse('no-file', { file, why: WHY_NOT[e.code][lang] });
    refuse('failed', { why: String(e?.message ?? e).split('\n')[0] });
  }
  if (o.json) {
    const { violations, ...rest } = report;
    process.stdout.write(`${JSON.stringify({ ...rest, violations: violations.map(({ fr, ...v }) => (lang === 'fr' ? { ...v, ...fr } : v)), not_checked: NOT_CHECKED[lang] }, (_, x) => (typeof x === 'bigint' ? x.toString() : x))}\n`);
  } else {
    const out = [...report.violations.map((v) => violationLine(lang, v))];
    const u = uncoveredLine(lang, report.uncovered);
    if (u) out.push(u);
    out.push(summary(lang, report));
    out.push(NOT_CHECKED[lang]);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return report.ok ? 0 : 1;
}

function isLarge(file) {
  const fd = openSync(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    readSync(fd, magic, 0, 2, 0);
    return !(magic[0] === 0x1f && magic[1] === 0x8b) && statSync(file).size > 32 << 20;
  } finally {
    closeSync(fd);
  }
}

/** The tiles at a directory (node:fs) or an http(s) URL (fetch): the bytes at a path, or null. */
function tilesFetcher(where) {
  if (/^https?:\/\//i.test(where)) return httpFetcher(where);
  return async (path) => {
    try {
      return new Uint8Array(await readFile(join(where, path)));
    } catch (e) {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return null;
      throw new Error(WHY_NOT[e.code]?.[lang] ?? e.code ?? String(e));
    }
  };
}

/** What the auditor kept in its folder (as `assembly audit verify` keeps it), read only. */
function remembered(state, origin) {
  const folder = join(state, origin.replaceAll('/', '_'));
  const read = (name) => {
    try {
      return readFileSync(join(folder, name), 'utf8');
    } catch {
      return null;
    }
  };
  let seen = null;
  try {
    seen = JSON.parse(read('seen.json') ?? 'null');
  } catch {
    seen = null;
  }
  return { checkpoint: read('checkpoint'), seen };
}

/** The file's text in chunks of 4 MiB, read synchronously (a stream costs more than it saves). */
function* chunksOf(file) {
  const fd = openSync(file, 'r');
  const magic = Buffer.alloc(2);
  readSync(fd, magic, 0, 2, 0);
  if (magic[0] === 0x1f && magic[1] === 0x8b) {
    closeSync(fd);
    let text;
    try {
      text = gunzipSync(readFileSync(file)).toString('utf8');
    } catch {
      throw new InputError('bad-gzip');
    }
    for (let i = 0; i < text.length; i += 1 << 22) yield text.slice(i, i + (1 << 22));
    return;
  }
  try {
    const buf = Buffer.allocUnsafe(1 << 22);
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      yield decoder.write(buf.subarray(0, n));
    }
    const tail = decoder.end();
    if (tail) yield tail;
  } finally {
    closeSync(fd);
  }
}

const WHY_NOT = {
  ENOENT: { fr: 'pas de tel fichier', en: 'no such file' },
  EISDIR: { fr: 'c’est un dossier, pas un fichier', en: 'it is a folder, not a file' },
  EACCES: { fr: 'lecture refusée', en: 'permission denied' },
};

process.exitCode = await main();
void basename;
