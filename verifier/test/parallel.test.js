// The node verifier on several threads says exactly what it says on one, honest or not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_VECTORS, logText, runVector } from '../testkit.js';
import { verifyFile } from '../parallel.mjs';
import { readOutside } from '../lib/checkpoints.js';
import { InputError } from '../lib/verify.js';

const strip = (r) => JSON.stringify({ ...r, violations: r.violations.map(({ fr, ...v }) => v) }, (_, x) => (typeof x === 'bigint' ? String(x) : x));

for (const name of ['drawn', 'cases/year-payload-changed', 'cases/drawn-tally-changed', 'cases/year-events-swapped']) {
  test(`${name}: three threads agree with one`, async () => {
    const verdict = JSON.parse(readFileSync(join(LOG_VECTORS, `${name}.verdict.json`), 'utf8'));
    const file = join(mkdtempSync(join(tmpdir(), 'verifier-')), 'log.jsonl');
    writeFileSync(file, logText(verdict.log));
    const outside = verdict.outside.flatMap((f) => readOutside(readFileSync(join(LOG_VECTORS, f), 'utf8'), f));
    const options = { trust: verdict.trust, witnesses: verdict.witnesses, quorum: verdict.quorum, outside };

    const parallel = await verifyFile(file, options, 3);

    assert.equal(strip(parallel), strip(await runVector(verdict)));
  });
}

test('a line that cannot be read in the last range is bad input, with its line number', async () => {
  const verdict = JSON.parse(readFileSync(join(LOG_VECTORS, 'drawn.verdict.json'), 'utf8'));
  const lines = logText(verdict.log).split('\n');
  lines[lines.length - 5] = '{"seq": "not a number"}';
  const file = join(mkdtempSync(join(tmpdir(), 'verifier-')), 'log.jsonl');
  writeFileSync(file, lines.join('\n'));

  await assert.rejects(verifyFile(file, { trust: verdict.trust }, 3), (e) => e instanceof InputError && e.key === 'bad-line' && e.params.line === lines.length - 4);
});
