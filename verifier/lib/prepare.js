// One line of an export, read on its own: everything the checks of docs/spec/07 can tell of a
// message without the messages before it (its leaf hash, its record digest, its subject and
// headers, canonical bytes, headers against payload, future-dated), and what the checks that
// need the order of the log will use. Pure, so that several threads can read one file.

import { fromBase64, fromHex, toHex } from './bytes.js';
import { canonicalValue } from './canonical.js';
import { packedLeafHash } from './merkle.js';
import { sha256Of } from './sha256.js';
import { parseTime } from './time.js';
import { DRAW_TOPICS } from './draw.js';
import { BALLOT_TOPICS } from './ballots.js';

export const EVENT = 1;
export const CHECKPOINT = 2;
export const TRACKING = 3;
export const UNKNOWN = 4;

const CHECKPOINTS_ID = 'log-checkpoints';
const V1 = 'assembly.log_checkpointed.v1';
const V2 = 'assembly.log_checkpointed.v2';
const VOTE = 'assembly.vote_cast.v1';
const KEPT = new Set([...DRAW_TOPICS, ...BALLOT_TOPICS, 'assembly.panel_arrived.v1']);
const FIVE_MINUTES_NS = 5n * 60n * 1_000_000_000n;
const HEX64 = /^[0-9a-fA-F]{64}$/;
const DECIMAL = /^[0-9]+$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class InputError extends Error {
  constructor(key, params = {}) {
    super(`${key} ${JSON.stringify(params)}`);
    this.key = key;
    this.params = params;
  }
}

export const contextOf = (prefix) => ({
  prefix,
  events: `${prefix}.events.`,
  tracking: `${prefix}.tracking.`,
  checkpoints: `${prefix}.checkpoints`,
});

/** One violation; `expected` and `found` are words for people, in English and in French. */
export function violation(seq, rule, aggregate, expected, found, fr = null) {
  return { seq, rule, aggregate, expected, found, fr: fr ?? { expected, found } };
}

export const WHY = {
  'not-json': { en: 'bytes that are not JSON', fr: 'des octets qui ne sont pas du JSON' },
  float: { en: 'a float (floats have no unique spelling)', fr: 'un nombre à virgule (il n’a pas d’écriture unique)' },
  respelled: { en: 'keys unsorted, whitespace, or another spelling of the same JSON', fr: 'des clés non triées, des espaces, ou une autre écriture du même JSON' },
};

/**
 * The message of line `n` (text), or `{trailer}`, or null for an empty line; InputError when
 * the line cannot be read.
 */
export function prepare(ctx, text, n, packer) {
  if (text === '') return null;
  if (text.startsWith('{"end"')) {
    try {
      return { trailer: JSON.parse(text) };
    } catch {
      throw new InputError('bad-line', { line: n });
    }
  }
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    throw new InputError('bad-line', { line: n });
  }
  if (m === null || typeof m !== 'object' || !Number.isSafeInteger(m.seq) || typeof m.subject !== 'string' || !Array.isArray(m.headers) || typeof m.data !== 'string') {
    throw new InputError('bad-line', { line: n });
  }
  let data;
  try {
    data = fromBase64(m.data);
  } catch {
    throw new InputError('bad-base64', { line: n });
  }
  return prepareMessage(ctx, m.seq, m.subject, m.headers, data, typeof m.time === 'string' ? m.time : '', packer, n);
}

/**
 * One message however it was read (an export's line, a published tile's entry): `headers` as
 * [name, value] pairs, sorted by name; `time` when it was stored, or ''.
 */
export function prepareMessage(ctx, seq, subject, headers, data, time, packer, n) {
  let id = null, versionText = null, topic = null, prev = null, logKey = null;
  for (const h of headers) {
    if (!Array.isArray(h) || h.length !== 2 || typeof h[0] !== 'string' || typeof h[1] !== 'string') throw new InputError('bad-line', { line: n });
    const k = h[0];
    if (k.charCodeAt(0) !== 0x41) continue; // 'A'ssembly-…
    if (k === 'Assembly-Id') id = h[1];
    else if (k === 'Assembly-Version') versionText = h[1];
    else if (k === 'Assembly-Topic') topic = h[1];
    else if (k === 'Assembly-Prev') prev = h[1];
    else if (k === 'Assembly-Log-Key') logKey = h[1];
  }
  const out = { seq, subject, kind: UNKNOWN, id, topic, logKey, time, leaf: packedLeafHash(packer.leaf(seq, subject, headers, data)), ok: false, version: 0, prev, digestHex: '', local: NONE, value: null, note: null, position: -1n };
  if (subject === ctx.checkpoints) out.kind = CHECKPOINT;
  else if (subject.startsWith(ctx.events)) out.kind = EVENT;
  else if (subject.startsWith(ctx.tracking)) out.kind = TRACKING;
  if (out.kind === UNKNOWN) {
    push(out, violation(seq, 'unknown-subject', '', `a subject of the stream's own (${ctx.prefix}.events.<id>, .tracking.<name>, .checkpoints)`, subject, { expected: `un sujet du registre (${ctx.prefix}.events.<id>, .tracking.<nom>, .checkpoints)`, found: subject }));
  } else if (out.kind === TRACKING) {
    let position = null;
    try {
      position = UTF8.decode(data).trim();
    } catch {
      position = null;
    }
    out.position = position !== null && /^[+-]?[0-9]+$/.test(position) ? BigInt(position) : -1n;
  } else record(ctx, out, id, versionText, topic, prev, data, time, packer);
  return out;
}

/** The record checks of docs/spec/07 (3) that need only this message. */
function record(ctx, out, id, versionText, topic, prev, data, time, packer) {
  const { seq, subject } = out;
  const agg = id ?? '';
  const isCheckpoint = out.kind === CHECKPOINT;
  if (!id || versionText === null || !DECIMAL.test(versionText) || !topic || prev === null || !HEX64.test(prev)) {
    push(out, violation(seq, 'record-headers', agg, 'Assembly-Id, Assembly-Version (decimal), Assembly-Topic and Assembly-Prev (64 hex digits)', 'one of them missing or malformed', { expected: 'Assembly-Id, Assembly-Version (décimal), Assembly-Topic et Assembly-Prev (64 chiffres hexadécimaux)', found: 'l’un d’eux manque ou est mal formé' }));
    return;
  }
  const version = Number(versionText);
  out.ok = true;
  out.version = version;
  const own = id === CHECKPOINTS_ID ? ctx.checkpoints : ctx.events + id;
  if (subject !== own || (id === CHECKPOINTS_ID && topic !== V1 && topic !== V2)) {
    push(out, violation(seq, 'subject', agg, `subject ${own}${id === CHECKPOINTS_ID ? ' and a checkpoint topic' : ''}`, `subject ${subject}, topic ${topic}`, { expected: `le sujet ${own}${id === CHECKPOINTS_ID ? ' et un type de point de contrôle' : ''}`, found: `le sujet ${subject}, type ${topic}` }));
  }
  out.digestHex = toHex(sha256Of(packer.record(id, version, topic, fromHex(prev), data)));
  if (isCheckpoint && topic === V2) {
    try {
      out.note = UTF8.decode(data);
    } catch {
      out.note = null;
    }
    return;
  }
  const { value, why } = canonicalValue(data, !isCheckpoint && !KEPT.has(topic));
  if (why !== null) {
    push(out, violation(seq, 'canonical-bytes', agg, 'canonical JSON (re-encoding gives the stored bytes)', WHY[why].en, { expected: 'du JSON canonique (le réencoder redonne les octets gardés)', found: WHY[why].fr }));
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  if (!isCheckpoint && typeof value.at === 'string' && time) future(out, agg, value.at, time);
  if ('originator_id' in value && value.originator_id !== id) {
    push(out, violation(seq, 'header-payload', agg, `originator_id ${id} (Assembly-Id)`, `originator_id ${value.originator_id}`, { expected: `originator_id ${id} (Assembly-Id)`, found: `originator_id ${value.originator_id}` }));
  }
  if ('originator_version' in value && value.originator_version !== version) {
    const found = `originator_version ${JSON.stringify(value.originator_version, (_, x) => (typeof x === 'bigint' ? String(x) : x))}`;
    push(out, violation(seq, 'header-payload', agg, `originator_version ${version} (Assembly-Version)`, found, { expected: `originator_version ${version} (Assembly-Version)`, found }));
  }
  if (isCheckpoint) out.value = value;
  else if (topic === VOTE) out.value = { ballot: value.ballot, member: value.member, choice: value.choice };
  else if (KEPT.has(topic)) out.value = value;
}

const NONE = Object.freeze([]);
function push(out, v) {
  if (out.local === NONE) out.local = [];
  out.local.push(v);
}

function future(out, agg, at, time) {
  // both UTC and `at` on an earlier day: not later than `time`, whatever the hours
  if (at.length > 10 && at.endsWith('Z') && time.endsWith('Z') && at[4] === '-' && time[4] === '-' && at.slice(0, 10) < time.slice(0, 10)) return;
  const a = parseTime(at);
  const t = parseTime(time);
  if (a === null || t === null || a - t <= FIVE_MINUTES_NS) return;
  push(out, violation(out.seq, 'future-dated', agg, `a fact dated at most 5 minutes after it was stored (${time})`, `dated ${at}`, { expected: `un fait daté au plus 5 minutes après son enregistrement (${time})`, found: `daté du ${at}` }));
}
