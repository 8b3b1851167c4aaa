// The stream configuration an auditor requires (docs/spec/06): what is known to be safe
// passes, everything else is named, a setting never heard of included. Each problem is one
// `stream-config` violation at sequence 0, in the order of the spec's table.

const ANY = new Set(['name', 'description', 'num_replicas', 'max_consumers', 'max_msg_size', 'duplicate_window', 'placement', 'metadata', 'consumer_limits', 'compression', 'first_seq', 'discard_new_per_subject']);

const off = (v) => v === null || v === undefined || v === false;
const empty = (v) => v === null || v === undefined || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
const unlimited = (v) => v === null || v === undefined || v === -1 || v === 0;

/** Python's repr of a JSON value, as the problems quote it. */
export function show(v) {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `'${k}': ${show(x)}`).join(', ')}}`;
  return String(v);
}

// [setting, safe?, problem(value)] in the spec's order
const RULES = [
  ['deny_delete', (v) => v === true, () => 'deny_delete is off (messages could be deleted)'],
  ['deny_purge', (v) => v === true, () => 'deny_purge is off (the stream could be purged)'],
  ['allow_atomic', (v) => v === true, () => 'allow_atomic is off (multi-event saves could be half-written)'],
  ['allow_direct', (v) => v === true, () => 'allow_direct is off (reads need direct get)'],
  ['allow_rollup_hdrs', off, () => 'allow_rollup_hdrs is on (a rollup would erase history)'],
  ['sealed', off, () => 'the stream is sealed (no more events can be recorded)'],
  ['no_ack', off, () => 'no_ack is on (a save would not be acknowledged)'],
  ['mirror_direct', off, () => 'mirror_direct is on (reads could come from a mirror)'],
  ['allow_msg_ttl', off, () => 'allow_msg_ttl is on (an event could be published to expire)'],
  ['subject_delete_marker_ttl', empty, (v) => `subject_delete_marker_ttl is ${show(v)} (markers of removed messages would be written)`],
  ['allow_msg_schedules', off, () => 'allow_msg_schedules is on (scheduled messages would be published into the log)'],
  ['allow_msg_counter', off, () => 'allow_msg_counter is on (a counter stream, not a log)'],
  ['allow_batched', off, () => 'allow_batched is on (batches that are not atomic)'],
  ['persist_mode', (v) => v === null || v === undefined || v === 'default', (v) => `persist_mode is ${show(v)} (events acknowledged before they are stored)`],
  ['retention', (v) => v === null || v === undefined || v === 'limits', (v) => `retention is ${show(v)}, must be 'limits'`],
  ['storage', (v) => v === 'file', (v) => `storage is ${show(v)}, must be 'file' (memory is lost)`],
  ['discard', (v) => v === 'new', (v) => `discard is ${show(v)}, must be 'new' (old events would be dropped)`],
  ['mirror', empty, (v) => `mirror is ${show(v)} (the stream would copy another)`],
  ['sources', empty, (v) => `sources is ${show(v)} (the stream would copy others)`],
  ['republish', empty, (v) => `republish is ${show(v)} (messages would be republished)`],
  ['subject_transform', empty, (v) => `subject_transform is ${show(v)} (subjects would be rewritten)`],
  ['template_owner', empty, (v) => `template_owner is ${show(v)} (a template owns the stream)`],
  ['max_msgs', unlimited, (v) => `max_msgs is ${show(v)}, must be unlimited`],
  ['max_bytes', unlimited, (v) => `max_bytes is ${show(v)}, must be unlimited`],
  ['max_age', unlimited, (v) => `max_age is ${show(v)}, must be unlimited`],
  ['max_msgs_per_subject', unlimited, (v) => `max_msgs_per_subject is ${show(v)}, must be unlimited`],
];
const KNOWN = new Set([...ANY, ...RULES.map(([name]) => name), 'subjects']);

/** The problems of a stream configuration (JetStream's JSON, or null), in words. */
export function configProblems(config, prefix) {
  if (config === null || config === undefined || typeof config !== 'object' || Array.isArray(config)) {
    return ['no stream configuration (the export carries none): append-only cannot be checked'];
  }
  const problems = [];
  for (const [name, safe, problem] of RULES) if (!safe(config[name])) problems.push(problem(config[name]));
  for (const name of Object.keys(config).filter((k) => !KNOWN.has(k)).sort()) {
    problems.push(`${name} is ${show(config[name])}, a setting this check does not know to be safe`);
  }
  const subjects = Array.isArray(config.subjects) ? config.subjects : [];
  const own = [`${prefix}.events.>`, `${prefix}.tracking.>`, `${prefix}.checkpoints`];
  if (!subjects.includes(own[0])) problems.push(`subjects ${show(subjects)} do not include ${own[0]}`);
  for (const s of [...new Set(subjects)].filter((x) => !own.includes(x)).sort()) {
    problems.push(`subject ${s} is not one of the stream's own (its messages would be captured)`);
  }
  return problems;
}
