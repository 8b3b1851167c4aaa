// The draw, re-derived from the log alone (docs/spec/08): the pool commitment, each sub-pool's
// committed quotas and ticket list, the commitment to all of it, the seed from the revealed
// material, then per sub-pool the ticket, the panel, the reserves and the probabilities; and
// the panel the assembly received. SHA-256 and counting, no solver.

import { fromHex, toHex, utf8 } from './bytes.js';
import { codePointCompare } from './canonical.js';
import { rootOf, leafHash } from './merkle.js';
import { pack } from './pack.js';
import { sha256 } from './sha256.js';
import { isoformat, parseTime } from './time.js';
import { CHAINS, beaconSigned } from './beacon.js';

const T = (name) => `assembly.${name}`;
const OPENED = T('draw_opened.v1');
const ENTERED = T('pool_entered.v1');
const POOL = T('pool_committed.v1');
const QUOTAS = T('quotas_committed.v1');
const TICKETS = T('tickets_committed.v2');
const DECLARED = T('randomness_declared.v1');
const REVEALED = T('randomness_revealed.v1');
const DRAWN = T('panel_drawn.v1');
const CONVENED = T('assembly_convened.v2');
const ARRIVED = T('panel_arrived.v1');
export const DRAW_TOPICS = new Set([OPENED, ENTERED, POOL, QUOTAS, TICKETS, DECLARED, REVEALED, DRAWN]);

const ROUNDINGS = new Set(['iterated/1', 'largest-remainder/1']);
const HEX64 = /^[0-9a-f]{64}$/;

class Undecodable extends Error {}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v) => Number.isSafeInteger(v);
const need = (ok) => {
  if (!ok) throw new Undecodable();
};
const byCodePoint = (a, b) => codePointCompare(a, b);
const compareBytes = (a, b) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};
const sortedKeys = (o) => Object.keys(o).sort(byCodePoint);
const stable = (v) =>
  Array.isArray(v) ? `[${v.map(stable).join(',')}]` : isObject(v) ? `{${sortedKeys(v).map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}` : JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));

/** The exact decimal of a double with `places` decimals, ties to even (docs/spec/08, 4). */
export function fixedHalfEven(x, places) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp !== 0) mant |= 1n << 52n;
  const e = (exp === 0 ? 1 : exp) - 1075; // x = mant × 2^e
  const scale = 10n ** BigInt(places);
  let num = mant * scale;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  let q = num / den;
  const r = num - q * den;
  if (2n * r > den || (2n * r === den && q % 2n === 1n)) q += 1n;
  return `${x < 0 ? '-' : ''}${decimalStr(q, -places)}`;
}

/** The text Python's str(Decimal) gives coefficient × 10^exponent (its to-scientific-string). */
export function decimalStr(coefficient, exponent) {
  const d = coefficient.toString();
  const adjusted = exponent + d.length - 1;
  if (exponent <= 0 && adjusted >= -6) {
    if (exponent === 0) return d;
    if (d.length > -exponent) return `${d.slice(0, d.length + exponent)}.${d.slice(d.length + exponent)}`;
    return `0.${'0'.repeat(-exponent - d.length)}${d}`;
  }
  return `${d[0]}${d.length > 1 ? `.${d.slice(1)}` : ''}E${adjusted < 0 ? '-' : '+'}${Math.abs(adjusted)}`;
}

/** A decimal string as [integer, scale], or null. */
function decimal(s) {
  const m = typeof s === 'string' ? /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim()) : null;
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  let value = BigInt(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${frac}`);
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) {
    value *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return [value, scale];
}
const align = (a, b) => {
  const scale = Math.max(a[1], b[1]);
  return [a[0] * 10n ** BigInt(scale - a[1]), b[0] * 10n ** BigInt(scale - b[1]), scale];
};

export class Draws {
  /** @param {(v: object) => void} report */
  constructor(report) {
    this.report = report;
    this.vocabulary = new Map(); // assembly id → charter vocabulary
    this.draws = new Map(); // draw id → state
    this.arrivals = []; // {seq, assembly, payload}
  }

  tell(seq, rule, draw, expected, found, fr = null) {
    this.report({ seq, rule: `draw:${rule}`, aggregate: draw, expected, found, fr: fr ?? { expected, found } });
  }

  fact(seq, id, topic, p) {
    if (topic === CONVENED) {
      const v = p.charter?.vocabulary;
      if (isObject(v)) this.vocabulary.set(id, v);
      return;
    }
    if (topic === ARRIVED) {
      if (typeof p.draw === 'string') this.arrivals.push({ seq, assembly: id, payload: p });
      return;
    }
    if (!DRAW_TOPICS.has(topic)) return;
    let d = this.draws.get(id);
    if (d === undefined) {
      d = { id, opened: null, entries: [], parts: [], pool: null, quotas: new Map(), lotteries: new Map(), declared: null, revealed: null, drawn: new Map(), last: seq };
      this.draws.set(id, d);
    }
    d.last = seq;
    try {
      if (topic !== OPENED && d.opened === null) {
        this.tell(seq, 'draw-order', id, 'the draw opened first', topic, { expected: 'le tirage ouvert d’abord', found: topic });
        return;
      }
      this[topic.slice(9, topic.lastIndexOf('.'))](d, seq, p);
    } catch (e) {
      if (e instanceof Undecodable) this.tell(seq, 'undecodable', id, `a readable ${topic}`, 'a field missing or of another type', { expected: `un fait ${topic} lisible`, found: 'un champ manquant ou d’un autre type' });
      else this.tell(seq, 'malformed', id, 'values the derivation can use', String(e.message).slice(0, 120), { expected: 'des valeurs que la dérivation peut employer', found: String(e.message).slice(0, 120) });
    }
  }

  draw_opened(d, seq, p) {
    need(isObject(p.seats) && isObject(p.reserves) && typeof p.assembly === 'string' && typeof p.replacement === 'string' && isInt(p.tickets));
    need(Object.values(p.seats).every(isInt) && Object.values(p.reserves).every(isInt));
    d.opened = p;
    d.openedSeq = seq;
  }

  pool_entered(d, seq, p) {
    need(isInt(p.part) && Array.isArray(p.respondents));
    for (const r of p.respondents) need(Array.isArray(r) && r.length === 4 && typeof r[0] === 'string' && typeof r[1] === 'string' && isObject(r[2]) && typeof r[3] === 'string' && Object.values(r[2]).every((v) => typeof v === 'string'));
    this.beforeRandomness(d, seq);
    if (d.pool !== null) this.tell(seq, 'pool', d.id, 'every part entered before the pool commitment', `part ${p.part} after it`, { expected: 'chaque partie entrée avant l’engagement sur la population', found: `la partie ${p.part} après lui` });
    d.entries.push(...p.respondents);
    d.parts.push(seq);
    d.subpools = null;
  }

  beforeRandomness(d, seq) {
    if (d.declared !== null) this.tell(seq, 'commit-before-randomness', d.id, 'every commitment before the randomness is declared', 'a commitment after it', { expected: 'chaque engagement avant la déclaration de l’aléa', found: 'un engagement après elle' });
  }

  vocab(d) {
    return this.vocabulary.get(d.opened.assembly) ?? null;
  }

  pool_committed(d, seq, p) {
    need(typeof p.root === 'string' && isInt(p.size) && isObject(p.counts));
    this.beforeRandomness(d, seq);
    const entries = [...d.entries].sort((a, b) => byCodePoint(a[0], b[0]));
    for (let i = 1; i < entries.length; i++) {
      if (entries[i][0] === entries[i - 1][0]) {
        this.tell(seq, 'pseudonym-unique', d.id, 'each respondent once', `${entries[i][0]} twice`, { expected: 'chaque répondant une fois', found: `${entries[i][0]} deux fois` });
        break;
      }
    }
    const vocab = this.vocab(d);
    const names = vocab ? vocab.criteria.map((c) => c.name) : null;
    for (const [pseudonym, subpool, criteria, commitment] of entries) {
      let bad = !HEX64.test(commitment);
      if (vocab) {
        const keys = Object.keys(criteria);
        bad ||= !vocab.subpools.includes(subpool) || keys.length !== names.length || !names.every((n) => n in criteria);
        bad ||= vocab.criteria.some((c) => !c.values.includes(criteria[c.name]));
      }
      if (bad) {
        this.tell(seq, 'respondent-criteria', d.id, "a sub-pool, criteria and values of the charter's vocabulary, a 32-byte commitment", pseudonym, { expected: 'une sous-population, des critères et des valeurs du vocabulaire de la charte, un engagement de 32 octets', found: pseudonym });
        break;
      }
    }
    const root = toHex(rootOf(entries.map((e) => leafHash(HEX64.test(e[3]) ? fromHex(e[3]) : utf8(e[3])))));
    const counts = { subpool: {} };
    const criteriaNames = names ?? [...new Set(entries.flatMap((e) => Object.keys(e[2])))];
    for (const n of criteriaNames) counts[n] = {};
    for (const [, subpool, criteria] of entries) {
      counts.subpool[subpool] = (counts.subpool[subpool] ?? 0) + 1;
      for (const n of criteriaNames) if (criteria[n] !== undefined) counts[n][criteria[n]] = (counts[n][criteria[n]] ?? 0) + 1;
    }
    for (const n of criteriaNames) if (Object.keys(counts[n]).length === 0) delete counts[n];
    const rootBad = root !== p.root;
    const countsBad = entries.length !== p.size || stable(counts) !== stable(p.counts);
    if (rootBad) this.tell(seq, 'pool-commitment', d.id, `root ${root} of the entries`, `root ${p.root}`, { expected: `la racine ${root} des entrées`, found: `la racine ${p.root}` });
    if (countsBad) this.tell(seq, 'pool-counts', d.id, `${entries.length} respondents, counts ${stable(counts)}`.slice(0, 300), `${p.size}, ${stable(p.counts)}`.slice(0, 300), { expected: `${entries.length} répondants, décomptes ${stable(counts)}`.slice(0, 300), found: `${p.size}, ${stable(p.counts)}`.slice(0, 300) });
    if (rootBad || countsBad) {
      for (const part of d.parts) this.tell(part, 'pool-entered', d.id, 'a part of the pool its commitment agrees with', 'the commitment and the entries disagree (this part or the commitment was changed)', { expected: 'une partie de la population en accord avec son engagement', found: 'l’engagement et les entrées divergent (cette partie ou l’engagement a été changé)' });
    }
    d.pool = { seq, p };
  }

  /** The sub-pool's respondents, categories, types, counts and members (docs/spec/08, 3). */
  subpool(d, s) {
    d.subpools ??= new Map();
    if (d.subpools.has(s)) return d.subpools.get(s);
    const people = d.entries.filter((e) => e[1] === s).sort((a, b) => byCodePoint(a[0], b[0]));
    const categories = [...new Set(people.flatMap((e) => Object.keys(e[2])))].sort(byCodePoint);
    const typeOf = (e) => categories.map((c) => e[2][c] ?? '');
    const byType = new Map();
    for (const e of people) {
      const key = JSON.stringify(typeOf(e));
      if (!byType.has(key)) byType.set(key, { type: typeOf(e), members: [] });
      byType.get(key).members.push(e[0]);
    }
    const compareTypes = (a, b) => {
      for (let i = 0; i < a.length; i++) {
        const c = byCodePoint(a[i], b[i]);
        if (c !== 0) return c;
      }
      return 0;
    };
    const types = [...byType.values()].sort((a, b) => compareTypes(a.type, b.type));
    const info = { people, categories, types, counts: types.map((t) => t.members.length), entry: new Map(people.map((e) => [e[0], e])) };
    d.subpools.set(s, info);
    return info;
  }

  quotas_committed(d, seq, p) {
    need(typeof p.subpool === 'string' && isInt(p.seats) && Array.isArray(p.quotas));
    for (const q of p.quotas) need(isObject(q) && typeof q.category === 'string' && typeof q.value === 'string' && isInt(q.min) && isInt(q.max));
    this.beforeRandomness(d, seq);
    if (p.seats !== d.opened.seats[p.subpool]) this.tell(seq, 'quotas', d.id, `${d.opened.seats[p.subpool]} seats (the opening's)`, `${p.seats}`, { expected: `${d.opened.seats[p.subpool]} sièges (ceux de l’ouverture)`, found: `${p.seats}` });
    d.quotas.set(p.subpool, { seq, p });
  }

  tickets_committed(d, seq, p) {
    need(typeof p.subpool === 'string' && Array.isArray(p.panels) && Array.isArray(p.counts) && typeof p.digest === 'string' && p.counts.every(isInt));
    for (const panel of p.panels) need(Array.isArray(panel) && panel.every((pair) => Array.isArray(pair) && pair.length === 2 && isInt(pair[0]) && isInt(pair[1])));
    this.beforeRandomness(d, seq);
    const s = p.subpool;
    const quotas = d.quotas.get(s);
    if (quotas === undefined) {
      this.tell(seq, 'draw-order', d.id, "the sub-pool's quotas committed first", 'tickets before them', { expected: 'les quotas de la sous-population engagés d’abord', found: 'des tickets avant eux' });
      return;
    }
    const info = this.subpool(d, s);
    const n = info.types.length;
    const tell = (rule, expected, found, fr) => this.tell(seq, rule, d.id, expected, found, fr);
    let failed = false;
    const digest = toHex(sha256(pack([1, p.panels, p.counts])));
    if (digest !== p.digest) {
      failed = true;
      tell('ticket-list-digest', `digest ${digest}`, `digest ${p.digest}`, { expected: `l’empreinte ${digest}`, found: `l’empreinte ${p.digest}` });
    }
    const total = p.counts.reduce((a, b) => a + b, 0);
    if (total !== d.opened.tickets || p.counts.some((c) => c < 1) || p.counts.length !== p.panels.length) {
      failed = true;
      tell('ticket-count', `${d.opened.tickets} tickets, each panel at least once`, `${total}`, { expected: `${d.opened.tickets} tickets, chaque panel au moins une fois`, found: `${total}` });
    }
    const dense = p.panels.map((panel) => {
      const x = new Array(n).fill(0);
      for (const [t, seats] of panel) if (t >= 0 && t < n) x[t] = seats;
      return x;
    });
    for (let i = 1; i < dense.length; i++) {
      let c = 0;
      for (let t = 0; t < n && c === 0; t++) c = dense[i - 1][t] - dense[i][t];
      if (c >= 0) {
        failed = true;
        tell('ticket-order', 'distinct panels in strictly increasing order', `panel ${i} not after panel ${i - 1}`, { expected: 'des panels distincts en ordre strictement croissant', found: `le panel ${i} pas après le panel ${i - 1}` });
        break;
      }
    }
    const seats = d.opened.seats[s];
    p.panels.forEach((panel, i) => {
      let bad = panel.some(([t, k]) => t < 0 || t >= n || k < 1 || k > info.counts[t]);
      bad ||= panel.reduce((a, [, k]) => a + k, 0) !== seats;
      if (!bad) {
        for (const q of quotas.p.quotas) {
          const ci = info.categories.indexOf(q.category);
          let sum = 0;
          for (const [t, k] of panel) if (ci >= 0 && info.types[t].type[ci] === q.value) sum += k;
          if (sum < q.min || sum > q.max) bad = true;
        }
      }
      if (bad) {
        failed = true;
        tell('ticket-quotas', `panel ${i} within the sub-pool's types, seats and quotas`, `panel ${i} breaks them`, { expected: `le panel ${i} dans les types, sièges et quotas de la sous-population`, found: `le panel ${i} ne les respecte pas` });
      }
    });
    if (!failed) {
      const chances = new Array(n).fill(0);
      dense.forEach((x, j) => x.forEach((k, t) => (chances[t] += k * p.counts[j])));
      let min = Infinity;
      for (let t = 0; t < n; t++) min = Math.min(min, chances[t] / (d.opened.tickets * info.counts[t]));
      const minimum = fixedHalfEven(min, 9);
      if (minimum !== p.minimum) tell('ticket-minimum', `minimum ${minimum}`, `minimum ${p.minimum}`, { expected: `le minimum ${minimum}`, found: `le minimum ${p.minimum}` });
      if (!ROUNDINGS.has(p.rounding)) tell('ticket-rounding', 'iterated/1 or largest-remainder/1', String(p.rounding), { expected: 'iterated/1 ou largest-remainder/1', found: String(p.rounding) });
      const bound = decimal(p.bound);
      const deviation = decimal(p.deviation);
      if (p.bound !== null && p.bound !== undefined) {
        if (deviation === null || (bound !== null && (([a, b]) => a > b)(align(deviation, bound)))) tell('ticket-bound', `a deviation within ${p.bound}`, String(p.deviation), { expected: `un écart d’au plus ${p.bound}`, found: String(p.deviation) });
      }
      const unrounded = decimal(p.unrounded);
      const mini = decimal(p.minimum);
      if (unrounded !== null && deviation !== null && mini !== null) {
        const [u, dv, scale] = align(unrounded, deviation);
        const floor = [u - dv, scale];
        const [mm, ff] = align(mini, [floor[0] * 10n ** BigInt(Math.max(0, 9 - scale)) - (scale <= 9 ? 1n : 10n ** BigInt(scale - 9)), Math.max(9, scale)]);
        if (mm < ff) tell('ticket-deviation', `a minimum at least ${p.unrounded} − ${p.deviation}`, `minimum ${p.minimum}`, { expected: `un minimum d’au moins ${p.unrounded} − ${p.deviation}`, found: `le minimum ${p.minimum}` });
      }
    }
    d.lotteries.set(s, { seq, p, dense, info });
  }

  randomness_declared(d, seq, p) {
    need(typeof p.commitment === 'string' && (p.beacon === null || isObject(p.beacon)) && (p.dice === null || isObject(p.dice)));
    const subpools = sortedKeys(d.opened.seats);
    if (d.pool === null || subpools.some((s) => !d.lotteries.has(s))) {
      this.tell(seq, 'commit-before-randomness', d.id, 'the pool and every sub-pool’s tickets committed before the randomness is declared', 'some missing', { expected: 'la population et les tickets de chaque sous-population engagés avant la déclaration de l’aléa', found: 'certains manquent' });
    } else {
      const body = [
        1, d.id, d.opened.assembly, d.pool.p.root, d.pool.p.size, d.opened.tickets, d.opened.replacement,
        subpools.map((s) => {
          const l = d.lotteries.get(s).p;
          const quotas = (d.quotas.get(s)?.p.quotas ?? []).map((q) => [q.category, q.value, q.min, q.max]).sort(compareQuota);
          return [s, d.opened.seats[s], d.opened.reserves[s] ?? 0, quotas, l.algorithm, l.version, l.digest];
        }),
        p.beacon === null ? null : [p.beacon.chain, p.beacon.chain_hash, p.beacon.round],
        p.dice === null ? null : [isoformat(p.dice.starts_at), p.dice.place, p.dice.bailiff, p.dice.witnesses, p.dice.dice, p.dice.sides, p.dice.rolls],
      ];
      const commitment = toHex(sha256(pack(body)));
      if (commitment !== p.commitment) this.tell(seq, 'commitment', d.id, `commitment ${commitment} to what was committed`, `commitment ${p.commitment}`, { expected: `l’engagement ${commitment} sur ce qui fut engagé`, found: `l’engagement ${p.commitment}` });
    }
    const at = parseTime(p.at);
    if (p.beacon === null && p.dice === null) this.tell(seq, 'randomness', d.id, 'a beacon round or a dice ceremony', 'neither', { expected: 'une balise ou un tirage de dés', found: 'ni l’un ni l’autre' });
    if (p.beacon !== null) {
      const chain = CHAINS[p.beacon.chain];
      const ok = chain !== undefined && chain.hash === p.beacon.chain_hash && isInt(p.beacon.round) && p.beacon.round >= 1 && at !== null && (chain.genesis + (BigInt(p.beacon.round) - 1n) * chain.period) * 1_000_000_000n > at;
      if (!ok) this.tell(seq, 'randomness', d.id, 'a pinned drand chain, a round published after the declaration', `${p.beacon.chain} round ${p.beacon.round}`, { expected: 'une chaîne drand connue, un tour publié après la déclaration', found: `${p.beacon.chain}, tour ${p.beacon.round}` });
    }
    if (p.dice !== null) {
      const x = p.dice;
      const named = [x.bailiff, ...(Array.isArray(x.witnesses) ? x.witnesses : [])];
      const start = parseTime(x.starts_at);
      const ok = start !== null && at !== null && start > at && isInt(x.sides) && x.sides >= 2 && x.sides <= 10 && isInt(x.dice) && x.dice >= 1 && isInt(x.rolls) && x.rolls >= 1 && typeof x.place === 'string' && x.place.trim() !== '' && Array.isArray(x.witnesses) && x.witnesses.length >= 1 && named.every((w) => typeof w === 'string' && w.trim() !== '') && new Set(named).size === named.length;
      if (!ok) this.tell(seq, 'dice', d.id, 'a ceremony after the declaration, 2–10 sides, a place, a bailiff and witnesses all different', 'not so', { expected: 'une cérémonie après la déclaration, 2 à 10 faces, un lieu, un huissier et des témoins tous différents', found: 'ce n’est pas le cas' });
    }
    d.declared = { seq, p };
  }

  randomness_revealed(d, seq, p) {
    need(typeof p.seed === 'string' && (p.beacon === null || isObject(p.beacon)) && (p.dice === null || isObject(p.dice)));
    if (d.declared === null) {
      this.tell(seq, 'draw-order', d.id, 'the randomness declared first', 'a reveal before it', { expected: 'l’aléa déclaré d’abord', found: 'une révélation avant' });
      return;
    }
    const declared = d.declared.p;
    const at = parseTime(p.at);
    if (at !== null && parseTime(declared.at) !== null && at < parseTime(declared.at)) this.tell(seq, 'time-order', d.id, `no earlier than the declaration (${declared.at})`, p.at, { expected: `pas avant la déclaration (${declared.at})`, found: p.at });
    if ((p.beacon === null) !== (declared.beacon === null) || (p.dice === null) !== (declared.dice === null)) {
      this.tell(seq, 'randomness', d.id, 'the source declared, revealed', 'another', { expected: 'la source déclarée, révélée', found: 'une autre' });
    }
    if (p.beacon !== null && declared.beacon !== null) {
      if (p.beacon.round !== declared.beacon.round) {
        this.tell(seq, 'beacon', d.id, `round ${declared.beacon.round}`, `round ${p.beacon.round}`, { expected: `le tour ${declared.beacon.round}`, found: `le tour ${p.beacon.round}` });
      } else if (!beaconSigned(declared.beacon.chain, p.beacon.round, p.beacon.signature, p.beacon.previous_signature)) {
        this.tell(seq, 'beacon', d.id, `round ${p.beacon.round} signed by the ${declared.beacon.chain} chain (BLS)`, 'a signature that does not verify', { expected: `le tour ${p.beacon.round} signé par la chaîne ${declared.beacon.chain} (BLS)`, found: 'une signature qui n’est pas valide' });
      }
    }
    if (p.dice !== null && declared.dice !== null) {
      const x = declared.dice;
      const digits = String(p.dice.digits ?? '');
      const faces = x.sides === 10 ? '0123456789' : '123456789'.slice(0, x.sides);
      const start = parseTime(x.starts_at);
      const signers = Array.isArray(p.dice.signed_by) ? [...p.dice.signed_by].sort() : [];
      const expected = [x.bailiff, ...x.witnesses].sort();
      const ok = at !== null && start !== null && at >= start && digits.length === x.dice * x.rolls && [...digits].every((c) => faces.includes(c)) && stable(signers) === stable(expected);
      if (!ok) this.tell(seq, 'dice', d.id, `${x.dice * x.rolls} faces of ${x.sides}-sided dice, signed by the bailiff and the witnesses, after the ceremony began`, digits, { expected: `${x.dice * x.rolls} faces de dés à ${x.sides} faces, signées par l’huissier et les témoins, après le début de la cérémonie`, found: digits });
    }
    const material = pack([1, p.beacon === null ? null : [p.beacon.round, p.beacon.signature], p.dice === null ? null : [p.dice.digits, p.dice.signed_by]]);
    const seed = toHex(sha256(HEX64.test(declared.commitment) ? fromHex(declared.commitment) : utf8(declared.commitment), material));
    if (seed !== p.seed) this.tell(seq, 'seed', d.id, `seed ${seed} from the commitment and the revealed material`, `seed ${p.seed}`, { expected: `la graine ${seed} de l’engagement et de l’aléa révélé`, found: `la graine ${p.seed}` });
    d.revealed = { seq, p };
  }

  panel_drawn(d, seq, p) {
    need(typeof p.subpool === 'string' && isInt(p.ticket) && Array.isArray(p.panel) && Array.isArray(p.reserves) && Array.isArray(p.chances));
    const s = p.subpool;
    const lottery = d.lotteries.get(s);
    if (d.revealed === null || lottery === undefined) {
      this.tell(seq, 'draw-order', d.id, 'the randomness revealed and the tickets committed first', 'a panel before them', { expected: 'l’aléa révélé et les tickets engagés d’abord', found: 'un panel avant eux' });
      return;
    }
    const at = parseTime(p.at);
    const revealedAt = parseTime(d.revealed.p.at);
    if (at !== null && revealedAt !== null && at < revealedAt) this.tell(seq, 'time-order', d.id, `no earlier than the reveal (${d.revealed.p.at})`, p.at, { expected: `pas avant la révélation (${d.revealed.p.at})`, found: p.at });
    const seedHex = d.revealed.p.seed;
    const k = sha256(HEX64.test(seedHex) ? fromHex(seedHex) : utf8(seedHex), utf8(`subpool:${s}`));
    const { dense, info } = lottery;
    const counts = lottery.p.counts;
    const m = counts.reduce((a, b) => a + b, 0);
    if (m < 1) throw new RangeError('an empty ticket list');
    const ticket = Number(BigInt(`0x${toHex(sha256(k, utf8('ticket')))}`) % BigInt(m));
    if (ticket !== p.ticket) this.tell(seq, 'ticket-index', d.id, `ticket ${ticket}`, `ticket ${p.ticket}`, { expected: `le ticket ${ticket}`, found: `le ticket ${p.ticket}` });
    let j = 0;
    for (let acc = counts[0]; acc <= ticket; acc += counts[++j]);
    const x = dense[j];
    const keyed = (name, extra) => ({ name, key: sha256(k, extra, utf8(name)) });
    const order = (a, b) => compareBytes(a.key, b.key) || byCodePoint(a.name, b.name);
    const panel = [];
    info.types.forEach((t, i) => {
      if (x[i] === 0) return;
      const sorted = t.members.map((n) => keyed(n, new Uint8Array(0))).sort(order);
      for (let q = 0; q < x[i]; q++) panel.push(sorted[q].name);
    });
    if (stable(panel) !== stable(p.panel)) this.tell(seq, 'panel', d.id, 'the panel the seed draws from the chosen ticket', 'another list', { expected: 'le panel que la graine tire du ticket choisi', found: 'une autre liste' });
    const chosen = new Set(panel);
    const reserves = info.people
      .filter((e) => !chosen.has(e[0]))
      .map((e) => keyed(e[0], utf8('reserve')))
      .sort(order)
      .slice(0, d.opened.reserves[s] ?? 0)
      .map((r) => r.name);
    if (stable(reserves) !== stable(p.reserves)) this.tell(seq, 'reserve-order', d.id, 'the reserves in the order the seed gives', 'another order', { expected: 'les réserves dans l’ordre que donne la graine', found: 'un autre ordre' });
    const chances = new Array(info.types.length).fill(0);
    dense.forEach((row, r) => row.forEach((kk, t) => (chances[t] += kk * counts[r])));
    if (stable(chances) !== stable(p.chances)) this.tell(seq, 'probabilities', d.id, "each type's seats over the whole ticket list", 'other chances', { expected: 'les sièges de chaque type sur toute la liste des tickets', found: 'd’autres chances' });
    d.drawn.set(s, { seq, panel: p.panel, reserves: p.reserves });
  }

  finish() {
    for (const d of this.draws.values()) {
      if (d.opened === null || d.revealed === null) continue;
      if (sortedKeys(d.opened.seats).some((s) => !d.drawn.has(s))) {
        this.tell(d.last, 'draw-complete', d.id, 'a panel for every sub-pool', 'some sub-pool without one', { expected: 'un panel pour chaque sous-population', found: 'une sous-population sans panel' });
      }
    }
    const byDraw = new Map();
    for (const a of this.arrivals) {
      if (!this.draws.has(a.payload.draw)) continue;
      if (!byDraw.has(a.payload.draw)) byDraw.set(a.payload.draw, []);
      byDraw.get(a.payload.draw).push(a);
    }
    for (const d of this.draws.values()) {
      const arrived = byDraw.get(d.id) ?? [];
      if (d.drawn.size === 0) {
        for (const a of arrived) this.tell(a.seq, 'panel-arrived', d.id, 'a panel from a draw that drew one', 'the draw drew nothing', { expected: 'un panel venu d’un tirage qui l’a tiré', found: 'le tirage n’a rien tiré' });
        continue;
      }
      if (arrived.length !== 1) {
        this.tell(0, 'panel-arrived', d.id, 'the drawn panel received once', `received ${arrived.length} times`, { expected: 'le panel tiré reçu une fois', found: `reçu ${arrived.length} fois` });
        if (arrived.length === 0) continue;
      }
      const person = (name, s) => {
        const e = this.subpool(d, s).entry.get(name);
        return e === undefined ? { pseudonym: name, subpool: s } : { criteria: e[2], pseudonym: name, subpool: s };
      };
      const names = sortedKeys(d.opened.seats).filter((s) => d.drawn.has(s));
      const panel = names.flatMap((s) => d.drawn.get(s).panel.map((n) => person(n, s)));
      const reserves = names.flatMap((s) => d.drawn.get(s).reserves.map((n) => person(n, s)));
      for (const a of arrived) {
        if (stable(panel) !== stable(a.payload.panel)) this.tell(a.seq, 'panel-arrived', d.id, 'the drawn panel, sub-pool after sub-pool', 'another panel', { expected: 'le panel tiré, sous-population après sous-population', found: 'un autre panel' });
        if (stable(reserves) !== stable(a.payload.reserves ?? [])) this.tell(a.seq, 'reserves-arrived', d.id, 'the drawn reserves, in order', 'other reserves', { expected: 'les réserves tirées, dans l’ordre', found: 'd’autres réserves' });
      }
    }
  }

  summary() {
    return [...this.draws.values()].filter((d) => d.opened !== null).map((d) => ({ draw: d.id, subpools: [...d.drawn.keys()], revealed: d.revealed !== null }));
  }
}

function compareQuota(a, b) {
  return byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1]) || a[2] - b[2] || a[3] - b[3];
}
