import { readFileSync } from 'node:fs';
import { runVector, LOG_VECTORS, pairs, SCOPES } from './testkit.js';
const name = process.argv[2];
const f = name === 'drawn' ? '/drawn.verdict.json' : `/cases/${name}.verdict.json`;
const v = JSON.parse(readFileSync(LOG_VECTORS + f));
const r = await runVector(v);
console.log('ours  ', pairs(r.violations).join(' '));
console.log('python', pairs(v.violations.filter(x => SCOPES.has(x.scope))).join(' '));
for (const x of r.violations.slice(0, 5)) console.log(x.rule, x.seq, x.expected.slice(0, 150), '|', x.found.slice(0, 150));
