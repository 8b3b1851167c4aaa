// Every exported log of tests/vectors, honest or tampered: this verifier must give the Python
// auditor's verdict for every scope it checks (structural, draw, ballot): the same (rule,
// sequence) pairs, the same records and root, the same latest checkpoint.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_VECTORS, SCOPES, pairs, runVector, vectorFiles } from '../testkit.js';

const files = vectorFiles();

test('the vectors are there', () => {
  assert.ok(files.length > 0, `no vectors in ${LOG_VECTORS}`);
});

for (const file of files) {
  const verdict = JSON.parse(readFileSync(join(LOG_VECTORS, file), 'utf8'));
  test(`${verdict.vector}: ${verdict.attack || 'honest'}`, async () => {
    const report = await runVector(verdict);
    const expected = verdict.violations.filter((v) => SCOPES.has(v.scope));
    assert.deepEqual(pairs(report.violations), pairs(expected));
    const inScope = (e) => expected.some((v) => v.rule === e.rule && v.seq === e.seq);
    for (const e of verdict.expect.filter(inScope)) {
      assert.ok(report.violations.some((v) => v.rule === e.rule && v.seq === e.seq), `${e.rule} at ${e.seq}`);
    }
    assert.equal(report.records, verdict.records);
    assert.equal(report.root, verdict.root);
    assert.deepEqual(report.latest_checkpoint && { tree_size: report.latest_checkpoint.tree_size, root: report.latest_checkpoint.root }, verdict.latest_checkpoint && { tree_size: verdict.latest_checkpoint.tree_size, root: verdict.latest_checkpoint.root });
    if (verdict.uncovered) {
      const { since, ...u } = report.uncovered ?? {};
      const { since: s2, ...v } = verdict.uncovered;
      assert.deepEqual(u, v);
    } else assert.equal(report.uncovered, null);
  });
}
