// Copies, from node_modules (the versions pinned in the root package-lock.json), exactly the
// library files the page imports into verifier/vendor/, so that the page runs from any static
// server with no network: `npm ci && node verifier/vendor.mjs`. `node --test verifier/test/`
// checks the committed copies are those files.

import { copyFileSync, mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const MODULES = resolve(HERE, '..', 'node_modules');
export const VENDOR = join(HERE, 'vendor');
export const ENTRIES = ['@noble/curves/ed25519.js', '@noble/curves/bls12-381.js', 'hash-wasm/dist/index.esm.min.js'];
export const PACKAGES = ['@noble/curves', '@noble/hashes', 'hash-wasm'];

const IMPORT = /^(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm; // top-level statements, not examples in comments

/** Every file the entries reach, as paths relative to node_modules. */
export function closure() {
  const seen = new Set();
  const todo = [...ENTRIES];
  while (todo.length) {
    const rel = todo.pop();
    if (seen.has(rel)) continue;
    seen.add(rel);
    const text = readFileSync(join(MODULES, rel), 'utf8');
    for (const [, spec] of text.matchAll(IMPORT)) {
      if (spec.startsWith('.')) todo.push(relative(MODULES, resolve(dirname(join(MODULES, rel)), spec)));
      else if (PACKAGES.some((p) => spec.startsWith(p + '/'))) todo.push(spec);
      else throw new Error(`${rel} imports ${spec}, which is not vendored`);
    }
  }
  for (const p of PACKAGES) seen.add(`${p}/LICENSE`), seen.add(`${p}/package.json`);
  return [...seen].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(MODULES)) throw new Error('run `npm ci` at the repository root first');
  rmSync(VENDOR, { recursive: true, force: true });
  for (const rel of closure()) {
    mkdirSync(dirname(join(VENDOR, rel)), { recursive: true });
    copyFileSync(join(MODULES, rel), join(VENDOR, rel));
  }
  console.log(`vendored ${closure().length} files into ${relative(process.cwd(), VENDOR)}`);
}
