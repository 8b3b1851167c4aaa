// The page's offline pieces: its vendored libraries are the pinned ones, byte for byte, and
// its Content-Security-Policy (csp.js) admits exactly its import map and no connection but, when
// asked, the one address of published tiles.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
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
  const { policy } = csp();
  assert.ok(policy(null).includes(`'sha256-${hash}'`), `csp.js should name 'sha256-${hash}'`);
  assert.ok(policy(null).includes("connect-src 'none'"));
  for (const target of Object.values(JSON.parse(map).imports)) {
    assert.ok(existsSync(join(ROOT, 'verifier', target)), `${target} is not there`);
  }
});

test('csp.js is the first thing the page loads, before any other script or style', () => {
  const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
  assert.ok(/^<head>\s*<meta charset="utf-8">\s*<script src="csp.js"><\/script>/.test(head), head.slice(0, 120));
  assert.ok(!html.includes('http-equiv="Content-Security-Policy"'), 'one policy only: csp.js writes it');
});

test('the tiles address typed is the only connection allowed, and nothing can be injected', () => {
  const { tilesPrefix, policy } = csp();
  const at = (url) => tilesPrefix(`#${new URLSearchParams({ tiles: url })}`);
  assert.equal(at('https://record.paris.fr/log/'), 'https://record.paris.fr/log/');
  assert.equal(at('https://record.paris.fr/log?x=1#y'), 'https://record.paris.fr/log/');
  assert.equal(at('http://127.0.0.1:8000'), 'http://127.0.0.1:8000/');
  assert.ok(policy(at('https://record.paris.fr/log/')).includes('connect-src https://record.paris.fr/log/;'));
  for (const bad of ['javascript:alert(1)', 'file:///etc/', 'https://a/log/;script-src *', 'https://a/x,y', "https://a/'self'", 'https://u:p@a/log/', 'not a url', '']) {
    assert.equal(at(bad), null, bad);
  }
  assert.equal(tilesPrefix('#lang=en'), null);
});

/** csp.js's functions, run as the page runs it but with no document. */
function csp() {
  const scope = { URL, URLSearchParams };
  runInNewContext(readFileSync(join(ROOT, 'verifier', 'csp.js'), 'utf8'), scope);
  return scope.verifierCsp;
}
