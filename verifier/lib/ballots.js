// Each ballot's tally against its recorded votes, and its outcome's arithmetic
// (docs/spec/09). Whether each vote was lawful stays with the Python audit's domain replay.

const CONVENED = 'assembly.assembly_convened.v2';
const OPENED = 'assembly.ballot_opened.v1';
const VOTE = 'assembly.vote_cast.v1';
const CLOSED = 'assembly.ballot_closed.v1';
export const BALLOT_TOPICS = new Set([CONVENED, OPENED, VOTE, CLOSED]);

/** A decimal string as a fraction [numerator, denominator] (BigInt), or null. */
function fraction(s) {
  const m = typeof s === 'string' ? /^(\d*)(?:\.(\d*))?$/.exec(s.trim()) : null;
  if (m === null || (m[1] === '' && (m[2] ?? '') === '')) return null;
  const frac = m[2] ?? '';
  return [BigInt(`${m[1] || '0'}${frac}`), 10n ** BigInt(frac.length)];
}

const ceilDiv = (a, b) => (a + b - 1n) / b; // a ≥ 0, b > 0

export class Ballots {
  constructor(report) {
    this.report = report;
    this.rules = new Map(); // assembly id → {quorum, abstentions}
    this.ballots = new Map(); // `${assembly} ${ballot}` → {secrecy, threshold, votes, choices}
  }

  fact(seq, id, topic, p) {
    if (topic === CONVENED) {
      const r = p.charter?.rules ?? {};
      this.rules.set(id, { quorum: r.quorum, abstentions: r.abstentions });
    } else if (topic === OPENED) {
      this.ballots.set(`${id} ${p.ballot}`, { secrecy: p.secrecy, threshold: p.threshold, votes: 0, choices: new Map() });
    } else if (topic === VOTE) {
      const b = this.ballots.get(`${id} ${p.ballot}`);
      if (b === undefined) return;
      b.votes++;
      if (p.choice !== null && p.choice !== undefined) b.choices.set(p.member, p.choice);
    } else if (topic === CLOSED) {
      const b = this.ballots.get(`${id} ${p.ballot}`);
      if (b !== undefined) this.closed(seq, id, b, p.outcome);
    }
  }

  closed(seq, id, b, o) {
    const tally = o?.tally;
    if (tally === null || typeof tally !== 'object') return;
    const t = { in_favour: tally.in_favour, against: tally.against, abstentions: tally.abstentions };
    if (b.secrecy === 'secret') {
      const sum = t.in_favour + t.against + t.abstentions;
      if (sum !== b.votes) {
        this.tell(seq, 'ballots', id, `${b.votes} votes cast (who took part)`, `a tally of ${sum}`, { expected: `${b.votes} votes exprimés (qui a pris part)`, found: `un décompte de ${sum}` });
        return;
      }
    } else {
      const counted = { in_favour: 0, against: 0, abstentions: 0 };
      for (const c of b.choices.values()) {
        if (c === 'in-favour') counted.in_favour++;
        else if (c === 'against') counted.against++;
        else if (c === 'abstain') counted.abstentions++;
      }
      if (counted.in_favour !== t.in_favour || counted.against !== t.against || counted.abstentions !== t.abstentions) {
        const show = (x) => `${x.in_favour} for, ${x.against} against, ${x.abstentions} abstentions`;
        const montre = (x) => `${x.in_favour} pour, ${x.against} contre, ${x.abstentions} abstentions`;
        this.tell(seq, 'ballots', id, `the recorded votes: ${show(counted)}`, `a tally of ${show(t)}`, { expected: `les votes enregistrés : ${montre(counted)}`, found: `un décompte de ${montre(t)}` });
        return;
      }
    }
    const rules = this.rules.get(id) ?? {};
    const q = fraction(rules.quorum);
    if (q === null || !Number.isSafeInteger(o.seated) || !Number.isSafeInteger(o.present)) return;
    const seated = BigInt(o.seated);
    const quorumNeeded = Number(ceilDiv(q[0] * seated, q[1]));
    const quorumMet = o.present >= quorumNeeded;
    const votesCast = t.in_favour + t.against + (rules.abstentions === 'counted' ? t.abstentions : 0);
    const needed = {
      'simple-majority': Math.floor(votesCast / 2) + 1,
      'absolute-majority': Math.floor(o.seated / 2) + 1,
      'two-thirds': Math.max(Math.ceil((2 * votesCast) / 3), 1),
      consensus: t.against === 0 ? Math.max(t.in_favour, 1) : t.in_favour + 1,
    }[b.threshold];
    const adopted = quorumMet && needed !== undefined && t.in_favour >= needed && (b.threshold !== 'consensus' || t.against === 0);
    const expected = { quorum_needed: quorumNeeded, quorum_met: quorumMet, threshold: b.threshold, votes_cast: votesCast, needed, adopted };
    const differs = Object.entries(expected).filter(([k, v]) => o[k] !== v);
    if (differs.length) {
      const words = differs.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ');
      const found = differs.map(([k]) => `${k} ${JSON.stringify(o[k])}`).join(', ');
      this.tell(seq, 'as-decided:ballot_closed', id, words, found, { expected: words, found });
    }
  }

  tell(seq, rule, aggregate, expected, found, fr) {
    this.report({ seq, rule, aggregate, expected, found, fr });
  }
}
