// Where the tests find the spec's vectors: in this repository (docs/spec/vectors and
// tests/vectors), resolved from the repository root.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { useNodeCrypto } from './lib/sha256.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SPEC_VECTORS = join(ROOT, 'docs', 'spec', 'vectors');
export const LOG_VECTORS = join(ROOT, 'tests', 'vectors');

export const vector = (name) => JSON.parse(readFileSync(join(SPEC_VECTORS, name), 'utf8'));
export const hasVector = (name) => existsSync(join(SPEC_VECTORS, name));
export const hex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));

useNodeCrypto(createHash);

import { readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { verifyBatches } from './lib/run.js';
import { readOutside } from './lib/checkpoints.js';

/** Every vector (its verdict file), relative to tests/vectors. */
export function vectorFiles() {
  if (!existsSync(LOG_VECTORS)) return [];
  const top = readdirSync(LOG_VECTORS).filter((f) => f.endsWith('.verdict.json'));
  const cases = existsSync(join(LOG_VECTORS, 'cases')) ? readdirSync(join(LOG_VECTORS, 'cases')).filter((f) => f.endsWith('.verdict.json')).map((f) => `cases/${f}`) : [];
  return [...top, ...cases].sort();
}

export const SCOPES = new Set(['structural', 'draw', 'ballot']);

/** Read a vector's log as text (gzip or not). */
export function logText(rel) {
  const raw = readFileSync(join(LOG_VECTORS, rel));
  return (rel.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

/** What this verifier says of a vector, given exactly what the Python auditor was given. */
export async function runVector(verdict) {
  const outside = verdict.outside.flatMap((f) => readOutside(readFileSync(join(LOG_VECTORS, f), 'utf8'), f));
  const lines = logText(verdict.log).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return verifyBatches([lines], { trust: verdict.trust, witnesses: verdict.witnesses, quorum: verdict.quorum, outside, remembered: verdict.remembered });
}

export const pairs = (vs) => [...new Set(vs.map((v) => `${v.rule}@${v.seq}`))].sort();
