// The page's offline pieces: its vendored libraries are the pinned ones, byte for byte, and
// its Content-Security-Policy admits exactly its import map and no connection.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../testkit.js';
import { VENDOR, closure } from '../vendor.mjs';

const html = readFileSync(join(ROOT, 'verifier', 'index.html'), 'utf8');

test('the vendored files are those of node_modules (npm ci, then node verifier/vendor.mjs)', () => {
  for (const rel of closure()) {
    assert.ok(existsSync(join(VENDOR, rel)), `${rel} is not vendored`);
    assert.ok(readFileSync(join(VENDOR, rel)).equals(readFileSync(join(ROOT, 'node_modules', rel))), `${rel} differs from node_modules`);
  }
});

test('the policy admits the import map by its hash, and no connection', () => {
  const map = /<script type="importmap">([^<]*)<\/script>/.exec(html)[1];
  const hash = createHash('sha256').update(map).digest('base64');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)[1];
  assert.ok(csp.includes(`'sha256-${hash}'`), `the CSP should name 'sha256-${hash}'`);
  assert.ok(csp.includes("connect-src 'none'"));
  for (const target of Object.values(JSON.parse(map).imports)) {
    assert.ok(existsSync(join(ROOT, 'verifier', target)), `${target} is not there`);
  }
});
