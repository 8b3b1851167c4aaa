// RFC 3339 times as the facts write them, to nanoseconds (BigInt), and back as Python's
// datetime.isoformat() writes them (the draw's commitment quotes the dice ceremony's start so).

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

/** Nanoseconds since the epoch, or null when it is not an RFC 3339 time with an offset. */
export function parseTime(s) {
  const m = typeof s === 'string' ? RFC3339.exec(s) : null;
  if (m === null) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (Number.isNaN(ms)) return null;
  let ns = BigInt(ms) * 1_000_000n + BigInt((m[7] ?? '').padEnd(9, '0'));
  if (m[8] !== 'Z' && m[8] !== 'z') {
    const sign = m[8][0] === '+' ? 1n : -1n;
    ns -= sign * (BigInt(+m[8].slice(1, 3)) * 60n + BigInt(+m[8].slice(4, 6))) * 60_000_000_000n;
  }
  return ns;
}

/** `YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM`, as Python's isoformat() writes the same instant
 * with the offset it was given (Z as +00:00). */
export function isoformat(s) {
  const m = RFC3339.exec(s);
  if (m === null) throw new Error(`not a time: ${s}`);
  const micro = (m[7] ?? '').padEnd(6, '0').slice(0, 6);
  const frac = /^0*$/.test(micro) ? '' : `.${micro}`;
  const offset = m[8] === 'Z' || m[8] === 'z' ? '+00:00' : m[8];
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${frac}${offset}`;
}
