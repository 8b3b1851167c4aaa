// Where the tests find the spec's vectors: in this repository (docs/spec/vectors and
// tests/vectors), resolved from the repository root.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSHA256 } from 'hash-wasm';
import { initSha256 } from './lib/sha256.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SPEC_VECTORS = join(ROOT, 'docs', 'spec', 'vectors');
export const LOG_VECTORS = join(ROOT, 'tests', 'vectors');

export const vector = (name) => JSON.parse(readFileSync(join(SPEC_VECTORS, name), 'utf8'));
export const hasVector = (name) => existsSync(join(SPEC_VECTORS, name));
export const hex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));

await initSha256(createSHA256);
