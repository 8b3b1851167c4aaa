// drand rounds as the chains published them (the project's own test data, fetched from drand):
// their BLS signatures hold, and a flipped bit or another round does not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../testkit.js';
import { beaconSigned } from '../lib/beacon.js';

const DATA = join(ROOT, 'tests', 'core', 'sortition', 'data');
const rounds = existsSync(DATA) ? readdirSync(DATA).filter((f) => /^(quicknet|default)-\d+\.json$/.test(f)) : [];

for (const file of rounds) {
  const chain = file.split('-')[0];
  const r = JSON.parse(readFileSync(join(DATA, file), 'utf8'));
  test(`${file}: signed by the ${chain} chain`, () => {
    assert.ok(beaconSigned(chain, r.round, r.signature, r.previous_signature));
    const flipped = r.signature.slice(0, -1) + ((parseInt(r.signature.at(-1), 16) ^ 1).toString(16));
    assert.ok(!beaconSigned(chain, r.round, flipped, r.previous_signature));
    assert.ok(!beaconSigned(chain, r.round + 1, r.signature, r.previous_signature));
  });
}
