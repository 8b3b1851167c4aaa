// The structural verification of an exported log (docs/spec/05, 06, 07), in one pass over its
// lines, in constant memory but for the tree (2 hashes a message) and one entry a record;
// the draws (docs/spec/08) and ballots (docs/spec/09) are fed the facts on the way.

import { toHex, equal } from './bytes.js';
import { configProblems } from './config.js';
import { judgeSignature, cosignatures, parseLegacy, parseNoteCheckpoint, readOutside } from './checkpoints.js';
import { MerkleLog } from './merkle.js';
import { parseVkey } from './note.js';
import { Packer } from './pack.js';
import { Domain } from './domain.js';
import { CHECKPOINT, EVENT, TRACKING, InputError, WHY, contextOf, prepare, prepareMessage, violation } from './prepare.js';

export const FORMAT = 'assembly-record-log';
const ZEROS = '0'.repeat(64);
const CHECKPOINTS_ID = 'log-checkpoints';
const V1 = 'assembly.log_checkpointed.v1';

export { InputError, violation, WHY };

export class Verifier {
  /**
   * @param {object} o
   * @param {string[]} o.trust pinned log vkeys
   * @param {boolean} [o.trustAny] check checkpoints against the key the log names itself
   * @param {string[]} [o.witnesses] witness vkeys
   * @param {number|null} [o.quorum] how many witnesses must cosign the latest (default all)
   * @param {object[]} [o.outside] checkpoints read from outside files (checkpoints.readOutside)
   * @param {object|null} [o.remembered] what this auditor kept from an earlier run, read only:
   *   `{checkpoint: text of the note (or legacy JSON line) it accepted, seen: {size, root}}`, or
   *   a function of the log's origin giving it
   */
  constructor({ trust = [], trustAny = false, witnesses = [], quorum = null, outside = [], remembered = null } = {}) {
    this.remembered = remembered;
    this.keys = trust.map((k) => parseVkey(k));
    this.trustAny = trustAny;
    this.witnesses = witnesses.map((k) => parseVkey(k));
    this.quorum = quorum ?? this.witnesses.length;
    this.outside = outside;
    this.violations = [];
    this.tree = new MerkleLog();
    this.packer = new Packer();
    this.records = new Map(); // subject → {version, digest, seq}
    this.tracking = new Map(); // subject → last position
    this.signed = []; // in-log checkpoints that passed 4
    this.last = 0;
    this.lines = 0;
    this.header = null;
    this.trailer = null;
    this.nonCheckpoint = 0;
    this.index = new Index();
    this.domain = new Domain((v) => this.violations.push(v));
  }

  /** The export's first line (an object); `trailer` false for a source that has none (tiles). */
  start(head, { trailer = true } = {}) {
    this.expectTrailer = trailer;
    if (head === null || typeof head !== 'object' || head.format !== FORMAT) throw new InputError('not-export');
    if (head.version !== 1) throw new InputError('export-version', { version: head.version });
    if (typeof head.stream !== 'string' || typeof head.prefix !== 'string') throw new InputError('export-header');
    this.header = head;
    this.prefix = head.prefix;
    this.context = contextOf(head.prefix);
    this.origin = `assembly-record/${head.stream}`;
    this.recalled = this.memory();
    for (const cp of this.outside) this.index.sizes.add(cp.size);
    if (this.recalled.checkpoint !== null) this.index.sizes.add(this.recalled.checkpoint.size);
    for (const p of configProblems(head.config, head.prefix)) {
      this.violations.push(violation(0, 'stream-config', '', 'an append-only stream configuration', p));
    }
  }

  /** One line of the file after the header, as text; `n` its line number (from 1). */
  line(text, n) {
    if (this.header === null) throw new InputError('not-export');
    const m = prepare(this.context, text, n, this.packer);
    if (m !== null) this.apply(m, n);
  }

  /** One message read otherwise than from a line (a published tile's entry), the `n`th. */
  message(seq, subject, headers, data, time, n) {
    if (this.header === null) throw new InputError('not-export');
    this.apply(prepareMessage(this.context, seq, subject, headers, data, time, this.packer, n), n);
  }

  /** One message as `prepare` read it, in file order; the checks that need what came before. */
  apply(m, n) {
    if (m.trailer !== undefined) {
      if (this.trailer !== null) throw new InputError('after-trailer', { line: n });
      this.trailer = m.trailer;
      return;
    }
    if (this.trailer !== null) throw new InputError('after-trailer', { line: n });
    const seq = m.seq;
    this.lines++;
    this.tree.append(m.leaf);
    for (const v of m.local) this.violations.push(v);
    if (seq !== this.last + 1) {
      const rule = seq > this.last + 1 ? 'sequence-gap' : 'sequence-order';
      this.violations.push(violation(seq, rule, m.id ?? '', `sequence ${this.last + 1}`, `sequence ${seq}`, { expected: `la séquence ${this.last + 1}`, found: `la séquence ${seq}` }));
    }
    this.last = Math.max(this.last, seq);
    if (m.kind === CHECKPOINT) {
      if (m.ok) {
        this.chain(m);
        this.checkpoint(seq, m.topic, m, m.logKey);
      }
    } else {
      this.nonCheckpoint++;
      if (m.kind === EVENT) {
        if (m.ok) this.chain(m);
        if (m.value !== null) this.domain.fact(seq, m.id, m.topic, m.value);
      } else if (m.kind === TRACKING) this.position(seq, m.subject, m.position);
    }
    this.index.push(seq, m.kind === CHECKPOINT, m.time);
  }

  /** The record's chain (docs/spec/02): its version, and its link to the event before. */
  chain(m) {
    const { seq, subject, version, prev } = m;
    const agg = m.id;
    const before = this.records.get(subject);
    const expectedVersion = before === undefined ? 1 : before.version + 1;
    if (version !== expectedVersion) {
      this.violations.push(violation(seq, 'version-sequence', agg, `version ${expectedVersion}`, `version ${version}`, { expected: `la version ${expectedVersion}`, found: `la version ${version}` }));
    }
    const expectedPrev = before === undefined ? ZEROS : before.digestHex;
    if (prev !== expectedPrev) {
      this.violations.push(violation(seq, 'hash-chain', agg, `Assembly-Prev ${expectedPrev}`, `Assembly-Prev ${prev}`, { expected: `Assembly-Prev ${expectedPrev}`, found: `Assembly-Prev ${prev}` }));
      if (before !== undefined && version === expectedVersion) {
        this.violations.push(violation(before.seq, 'record-digest', agg, `the digest record #${seq} holds for it (${prev})`, `record #${before.seq} does not match it: its bytes digest to ${before.digestHex}`, { expected: `l’empreinte que l’enregistrement n° ${seq} en garde (${prev})`, found: `l’enregistrement n° ${before.seq} ne lui correspond pas : ses octets donnent ${before.digestHex}` }));
      }
    }
    this.records.set(subject, { version, digestHex: m.digestHex, seq });
  }

  /** The checkpoint checks (docs/spec/07, 4) of the event at `seq`. */
  checkpoint(seq, topic, m, logKey) {
    const agg = CHECKPOINTS_ID;
    let cp = null;
    if (topic === V1) cp = parseLegacy(m.value);
    else cp = m.note === null ? null : parseNoteCheckpoint(m.note);
    if (cp === null) {
      this.violations.push(violation(seq, 'checkpoint-payload', agg, 'a signed checkpoint note', 'a payload that is not one', { expected: 'une note de point de contrôle signée', found: "un contenu qui n’en est pas une" }));
      return;
    }
    if (cp.origin !== this.origin) {
      this.violations.push(violation(seq, 'checkpoint-origin', agg, `origin ${this.origin}`, `origin ${cp.origin}`, { expected: `l’origine ${this.origin}`, found: `l’origine ${cp.origin}` }));
    }
    const keys = this.keysFor(logKey);
    const judged = judgeSignature(cp, keys);
    if (!judged.ok) {
      this.violations.push(signatureViolation(seq, judged.problem === 'key' ? 'checkpoint-key' : 'checkpoint-signature', agg));
      return;
    }
    if (cp.size >= this.lines) {
      this.violations.push(violation(seq, 'checkpoint-size', agg, `a tree size below ${this.lines} (a checkpoint cannot cover itself)`, `tree size ${cp.size}`, { expected: `une taille d’arbre inférieure à ${this.lines} (un point de contrôle ne peut se couvrir lui-même)`, found: `la taille ${cp.size}` }));
      return;
    }
    const matches = equal(this.tree.root(cp.size), cp.root);
    this.signed.push({ ...cp, seq, signer: judged.signer, matches, place: `#${seq}` });
  }

  keysFor(logKey) {
    if (!this.trustAny) return this.keys;
    try {
      return [...this.keys, parseVkey(logKey ?? '')];
    } catch {
      return this.keys;
    }
  }

  position(seq, subject, pos) {
    const last = this.tracking.get(subject);
    if (last !== undefined && pos <= last) {
      this.violations.push(violation(seq, 'tracking-position', subject, `a position after ${last}`, `position ${pos}`, { expected: `une position après ${last}`, found: `la position ${pos}` }));
    }
    this.tracking.set(subject, pos);
  }

  /** The verdict, once every line was read. */
  finish() {
    if (this.header === null) throw new InputError('not-export');
    const size = this.lines;
    for (const cp of this.outside) {
      if (cp.origin !== this.origin) {
        this.violations.push(violation(0, 'outside-checkpoint-origin', cp.place, `origin ${this.origin}`, `origin ${cp.origin}`, { expected: `l’origine ${this.origin}`, found: `l’origine ${cp.origin}` }));
      }
      const judged = judgeSignature(cp, this.keys);
      if (!judged.ok) {
        this.violations.push(signatureViolation(0, judged.problem === 'key' ? 'outside-checkpoint-key' : 'outside-checkpoint-signature', cp.place));
        continue;
      }
      cp.signer = judged.signer;
      cp.matches = cp.size <= size && equal(this.tree.root(cp.size), cp.root);
      cp.outside = true;
      this.signed.push(cp);
    }
    const memory = this.recalled;
    if (memory.checkpoint !== null) {
      const cp = memory.checkpoint;
      cp.matches = cp.size <= this.lines && equal(this.tree.root(cp.size), cp.root);
    }
    const all = memory.checkpoint === null ? this.signed : [...this.signed, memory.checkpoint];
    let latest = null;
    for (const cp of all) {
      if ((cp.outside || cp.remembered) && cp.size > size) {
        this.violations.push(violation(0, cp.remembered ? 'log-shorter-than-remembered' : 'log-shorter-than-checkpoint', cp.place, `at least ${cp.size} messages (signed)`, `${size} messages`, { expected: `au moins ${cp.size} messages (signés)`, found: `${size} messages` }));
        continue;
      }
      if (!cp.matches) {
        const other = this.signed.find((o) => !o.outside && o !== cp && o.matches && o.size >= cp.size && cp.signer && o.signer === cp.signer);
        const expected = `root ${toHex(this.tree.root(cp.size))} of the first ${cp.size} messages`;
        const found = `root ${toHex(cp.root)} signed for them`;
        const fr = { expected: `la racine ${toHex(this.tree.root(cp.size))} des ${cp.size} premiers messages`, found: `la racine ${toHex(cp.root)} signée pour eux` };
        if (other !== undefined) {
          this.violations.push(violation(cp.outside ? 0 : cp.seq, 'equivocation', cp.outside ? cp.place : CHECKPOINTS_ID, `one history signed by one key (${other.place} matches the log)`, `${found}: the key signed two histories`, { expected: `une seule histoire signée par une clé (${other.place} correspond au registre)`, found: `${fr.found} : la clé a signé deux histoires` }));
        } else {
          const rule = cp.remembered ? 'remembered-checkpoint-root' : cp.outside ? 'outside-checkpoint-root' : 'checkpoint-root';
          this.violations.push(violation(cp.outside ? 0 : cp.seq, rule, cp.outside ? cp.place : CHECKPOINTS_ID, expected, found, fr));
        }
        continue;
      }
      if (!cp.remembered && (latest === null || cp.size > latest.size)) latest = cp;
      if (cp.remembered && latest === null) latest = cp;
    }
    const seen = memory.seen;
    if (seen !== null) {
      const place = `${this.origin.replaceAll('/', '_')}/seen.json`;
      if (seen.size > size) {
        this.violations.push(violation(0, 'log-shorter-than-seen', place, `at least the ${seen.size} messages read before`, `${size} messages`, { expected: `au moins les ${seen.size} messages lus la fois précédente`, found: `${size} messages` }));
      } else if (toHex(this.tree.root(seen.size)) !== seen.root) {
        this.violations.push(violation(0, 'log-changed-since-seen', place, `root ${seen.root} of the first ${seen.size} messages, as read before`, `root ${toHex(this.tree.root(seen.size))}`, { expected: `la racine ${seen.root} des ${seen.size} premiers messages, lue la fois précédente`, found: `la racine ${toHex(this.tree.root(seen.size))}` }));
      }
    }
    if (this.quorum > 0 && this.witnesses.length > 0 && latest !== null) {
      // without a latest checkpoint there is nothing to cosign: `no-checkpoint` or the root says so
      const n = cosignatures(latest, this.witnesses);
      if (n < this.quorum) {
        this.violations.push(violation(latest === null || latest.outside ? 0 : latest.seq, 'witness-quorum', latest === null ? '' : latest.outside ? latest.place : CHECKPOINTS_ID, `${this.quorum} witnesses' cosignatures on the latest checkpoint`, `${n}`, { expected: `${this.quorum} cosignatures de témoins sur le dernier point de contrôle`, found: `${n}` }));
      }
    }
    if (latest === null && this.nonCheckpoint > 0) {
      this.violations.push(violation(0, 'no-checkpoint', '', 'a checkpoint signed by a pinned key covering the log', `none covers any of its ${size} messages`, { expected: 'un point de contrôle signé par une clé épinglée qui couvre le registre', found: `aucun ne couvre ses ${size} messages` }));
    }
    const lastSeq = Number(this.header.last_seq ?? 0);
    if (Number.isSafeInteger(lastSeq) && lastSeq > this.last) {
      this.violations.push(violation(lastSeq, 'sequence-gap', '', `messages up to ${lastSeq} (the export's header)`, `the last is ${this.last}`, { expected: `des messages jusqu’à ${lastSeq} (l’en-tête de l’export)`, found: `le dernier est ${this.last}` }));
    }
    const root = toHex(this.tree.root());
    const t = this.trailer;
    if (this.expectTrailer && (t === null || t.records !== size || t.root !== root)) {
      this.violations.push(violation(0, 'export-trailer', '', t === null ? 'a trailer' : `${t.records} messages with root ${t.root}`, `${size} messages with root ${root}`, { expected: t === null ? 'une ligne de fin' : `${t.records} messages de racine ${t.root}`, found: `${size} messages de racine ${root}` }));
    }
    this.domain.finish();
    const violations = sortViolations(this.violations);
    return {
      ok: violations.length === 0,
      records: size,
      root,
      aggregates: this.records.size,
      checkpoints: this.signed.filter((c) => !c.outside).length,
      latest_checkpoint: latest === null ? null : { tree_size: latest.size, root: toHex(latest.root), note: latest.text },
      uncovered: this.uncovered(latest),
      violations,
      draws: this.domain.summary(),
    };
  }

  /** What this auditor remembered: its accepted checkpoint (judged as the others) and seen. */
  memory() {
    const r = (typeof this.remembered === 'function' ? this.remembered(this.origin) : this.remembered) ?? {};
    let checkpoint = null;
    if (typeof r.checkpoint === 'string' && r.checkpoint) {
      // read as an outside file is (the note, or a legacy JSON line); the last one it holds
      let cp = null;
      try {
        cp = readOutside(r.checkpoint, 'remembered').at(-1) ?? null;
      } catch {
        cp = null;
      }
      const text = cp?.text ?? r.checkpoint;
      if (cp !== null) {
        const judged = judgeSignature(cp, this.keys);
        checkpoint = { ...cp, text, remembered: true, outside: true, signer: judged.ok ? judged.signer : null, matches: false, place: `${this.origin.replaceAll('/', '_')}/checkpoint (accepted before by this auditor)` };
      }
    }
    const seen = r.seen && Number.isSafeInteger(r.seen.size) && typeof r.seen.root === 'string' ? r.seen : null;
    return { checkpoint, seen };
  }

  /** The messages after the latest checkpoint, checkpoints not counted (docs/spec/07). */
  uncovered(latest) {
    const from = latest === null ? 0 : latest.size;
    let count = 0;
    let first = -1;
    let last = -1;
    for (let i = from; i < this.index.n; i++) {
      if (this.index.checkpoint[i]) continue;
      count++;
      if (first < 0) first = i;
    }
    last = this.index.n - 1;
    if (count === 0) return null;
    // positions in the log (1 for the first message), as the tree counts them
    return { count, first_seq: first + 1, last_seq: last + 1, since: this.index.time(first) };
  }
}

/** Per message, in file order: its sequence, whether it is a checkpoint, when it was stored. */
class Index {
  constructor() {
    this.n = 0;
    this.seq = new Float64Array(1024);
    this.checkpoint = new Uint8Array(1024);
    this.times = new Map(); // position → when stored, only where a latest checkpoint may end
    this.sizes = new Set(); // the sizes of checkpoints known before reading
  }

  /** When the message at `i` was stored, if it may be the first one no checkpoint covers. */
  time(i) {
    return this.times.get(i) ?? '';
  }

  push(seq, checkpoint, time) {
    if (time && (this.n === 0 || this.checkpoint[this.n - 1] === 1 || this.sizes.has(this.n))) this.times.set(this.n, time);
    if (this.n === this.seq.length) {
      for (const k of ['seq', 'checkpoint']) {
        const bigger = new this[k].constructor(this.n * 2);
        bigger.set(this[k]);
        this[k] = bigger;
      }
    }
    this.seq[this.n] = seq;
    this.checkpoint[this.n] = checkpoint ? 1 : 0;
    this.n++;
  }
}


function signatureViolation(seq, rule, agg) {
  if (rule.endsWith('key')) {
    return violation(seq, rule, agg, 'a signature by a pinned key', 'none by the keys you pinned (--trust)', { expected: 'une signature par une clé épinglée', found: 'aucune par les clés épinglées (--trust)' });
  }
  return violation(seq, rule, agg, "a pinned key's valid signature", 'a signature by a pinned key that does not verify', { expected: "une signature valide d’une clé épinglée", found: "une signature d’une clé épinglée qui n’est pas valide" });
}

/** By (seq, rule), seq 0 after every other (docs/spec/07). */
export function sortViolations(vs) {
  const key = (v) => (v.seq === 0 ? Number.MAX_SAFE_INTEGER : v.seq);
  return [...vs].sort((a, b) => key(a) - key(b) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}
