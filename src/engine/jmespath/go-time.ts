/**
 * Just enough of Go's time package for Kyverno's time_* functions: parsing with a Go
 * reference layout ("2006-01-02T15:04:05Z07:00"), RFC 3339 printing, and a time kept as
 * an instant (nanoseconds since the Unix epoch) plus the UTC offset it was written in.
 */
export interface GoTime {
  /** Nanoseconds since 1970-01-01T00:00:00Z. */
  nanos: bigint;
  /** Offset east of UTC, in seconds (0 for UTC). */
  offset: number;
}

export const RFC3339 = '2006-01-02T15:04:05Z07:00';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Layout tokens, longest first where they share a prefix (as Go's nextStdChunk). */
const TOKENS = [
  'January', 'Jan', 'Monday', 'Mon', 'MST', '2006', '002', '__2', '_2', '01', '02', '03', '04', '05', '06', '15',
  'Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Z07', '-07:00:00', '-070000', '-07:00', '-0700', '-07',
  'PM', 'pm', '1', '2', '3', '4', '5',
];

type Token = { kind: 'std'; value: string } | { kind: 'literal'; value: string } | { kind: 'frac'; digits: number; optional: boolean };

function tokenize(layout: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let literal = '';
  const flush = (): void => {
    if (literal !== '') out.push({ kind: 'literal', value: literal });
    literal = '';
  };
  while (i < layout.length) {
    const rest = layout.slice(i);
    const frac = /^[.,](0+|9+)(?!\d)/.exec(rest);
    if (frac) {
      flush();
      out.push({ kind: 'frac', digits: (frac[1] ?? '').length, optional: (frac[1] ?? '').startsWith('9') });
      i += frac[0].length;
      continue;
    }
    const token = TOKENS.find((t) => rest.startsWith(t) && !(t === 'Jan' && rest.startsWith('January')) && wordBoundaryOk(t, layout, i));
    if (token) {
      flush();
      out.push({ kind: 'std', value: token });
      i += token.length;
    } else {
      literal += layout[i];
      i++;
    }
  }
  flush();
  return out;
}

function wordBoundaryOk(token: string, layout: string, i: number): boolean {
  // "Mon" must not be followed by a lower-case letter (Go: "Monday" vs "Month").
  if (token === 'Mon' || token === 'Jan' || token === 'MST') {
    const next = layout[i + token.length];
    return next === undefined || !/[a-z]/.test(next);
  }
  return true;
}

interface Fields {
  year: number; month: number; day: number; hour: number; minute: number; second: number; nanos: number;
  pm?: boolean; offset: number;
}

function readNumber(text: string, pos: number, min: number, max: number): [number, number] | undefined {
  const m = new RegExp(`^\\d{${min},${max}}`).exec(text.slice(pos));
  return m ? [Number(m[0]), pos + m[0].length] : undefined;
}

function readOffset(token: string, text: string, pos: number): [number, number] | undefined {
  if (token.startsWith('Z') && text[pos] === 'Z') return [0, pos + 1];
  const shape = token.replace(/^Z/, '-');
  const patterns: Record<string, RegExp> = {
    '-07:00:00': /^([+-])(\d\d):(\d\d):(\d\d)/, '-070000': /^([+-])(\d\d)(\d\d)(\d\d)/,
    '-07:00': /^([+-])(\d\d):(\d\d)/, '-0700': /^([+-])(\d\d)(\d\d)/, '-07': /^([+-])(\d\d)/,
  };
  const m = patterns[shape]?.exec(text.slice(pos));
  if (!m) return undefined;
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return [m[1] === '-' ? -seconds : seconds, pos + m[0].length];
}

function readName(names: string[], short: boolean, text: string, pos: number): [number, number] | undefined {
  for (let i = 0; i < names.length; i++) {
    const name = short ? (names[i] ?? '').slice(0, 3) : (names[i] ?? '');
    if (text.slice(pos, pos + name.length).toLowerCase() === name.toLowerCase()) return [i, pos + name.length];
  }
  return undefined;
}

function readFraction(text: string, pos: number): [number, number] {
  const m = /^[.,](\d+)/.exec(text.slice(pos));
  if (!m) return [0, pos];
  const digits = (m[1] ?? '').slice(0, 9).padEnd(9, '0');
  return [Number(digits), pos + m[0].length];
}

/** Parse text with a Go layout. Returns an error message instead of throwing. */
export function parseGoTime(layout: string, text: string): GoTime | string {
  const f: Fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0, offset: 0 };
  let pos = 0;
  const fail = (what: string): string => `parsing time "${text}" as "${layout}": cannot parse "${text.slice(pos)}" as "${what}"`;
  for (const token of tokenize(layout)) {
    if (token.kind === 'literal') {
      if (!text.startsWith(token.value, pos)) return fail(token.value);
      pos += token.value.length;
      continue;
    }
    if (token.kind === 'frac') {
      const [nanos, next] = readFraction(text, pos);
      if (next !== pos) {
        f.nanos = nanos;
        pos = next;
      }
      continue;
    }
    const t = token.value;
    let r: [number, number] | undefined;
    switch (t) {
      case '2006': r = readNumber(text, pos, 4, 4); if (r) f.year = r[0]; break;
      case '06': r = readNumber(text, pos, 2, 2); if (r) f.year = r[0] + (r[0] >= 69 ? 1900 : 2000); break;
      case '01': case '1': r = readNumber(text, pos, t.length, 2); if (r) f.month = r[0]; break;
      case 'January': case 'Jan': r = readName(MONTHS, t === 'Jan', text, pos); if (r) f.month = r[0] + 1; break;
      case 'Monday': case 'Mon': r = readName(DAYS, t === 'Mon', text, pos); break;
      case '02': case '2': case '_2': case '__2': case '002': {
        if (t.startsWith('_') && text[pos] === ' ') pos++;
        r = readNumber(text, pos, t === '02' ? 2 : 1, t === '002' ? 3 : 2); if (r) f.day = r[0]; break;
      }
      case '15': r = readNumber(text, pos, 2, 2); if (r) f.hour = r[0]; break;
      case '03': case '3': r = readNumber(text, pos, t.length, 2); if (r) f.hour = r[0]; break;
      case '04': case '4': r = readNumber(text, pos, t.length, 2); if (r) f.minute = r[0]; break;
      case '05': case '5': {
        r = readNumber(text, pos, t.length, 2);
        if (r) {
          f.second = r[0];
          // Go accepts a fractional second after the seconds field even when the layout has none.
          const [nanos, next] = readFraction(text, r[1]);
          if (next !== r[1]) { f.nanos = nanos; r = [r[0], next]; }
        }
        break;
      }
      case 'PM': case 'pm': {
        const word = text.slice(pos, pos + 2).toUpperCase();
        if (word === 'AM' || word === 'PM') { f.pm = word === 'PM'; r = [0, pos + 2]; }
        break;
      }
      case 'MST': { const m = /^[A-Z]{3,5}/.exec(text.slice(pos)); if (m) r = [0, pos + m[0].length]; break; }
      default: r = readOffset(t, text, pos); if (r) f.offset = r[0]; break;
    }
    if (!r) return fail(t);
    pos = r[1];
  }
  if (pos !== text.length) return `parsing time "${text}": extra text: "${text.slice(pos)}"`;
  if (f.pm !== undefined) {
    if (f.hour > 12) return `parsing time "${text}": hour out of range`;
    if (f.pm && f.hour < 12) f.hour += 12;
    if (!f.pm && f.hour === 12) f.hour = 0;
  }
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || f.hour > 23 || f.minute > 59 || f.second > 59) {
    return `parsing time "${text}": value out of range`;
  }
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are.
  const date = new Date(0);
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(f.hour, f.minute, f.second, 0);
  if (date.getUTCDate() !== f.day) return `parsing time "${text}": day out of range`;
  const ms = date.getTime();
  const epochSeconds = BigInt(Math.round(ms / 1000)) - BigInt(f.offset);
  return { nanos: epochSeconds * 1_000_000_000n + BigInt(f.nanos), offset: f.offset };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The wall-clock fields of a time in its own offset. */
export function wallClock(t: GoTime): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const seconds = floorDiv(t.nanos, 1_000_000_000n) + BigInt(t.offset);
  const d = new Date(Number(seconds) * 1000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay(),
  };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Go's t.Format(time.RFC3339): whole seconds, "Z" or "+hh:mm". */
export function formatRFC3339(t: GoTime): string {
  const w = wallClock(t);
  const sign = t.offset < 0 ? '-' : '+';
  const abs = Math.abs(t.offset);
  const zone = t.offset === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${zone}`;
}

export function fromDate(date: Date, offsetSeconds = 0): GoTime {
  return { nanos: BigInt(date.getTime()) * 1_000_000n, offset: offsetSeconds };
}

/** Seconds between Go's zero time (year 1) and the Unix epoch: Truncate works from year 1. */
const ZERO_TO_UNIX_NANOS = 62_135_596_800n * 1_000_000_000n;

export function truncateTime(t: GoTime, step: bigint): GoTime {
  if (step <= 0n) return t;
  const sinceZero = t.nanos + ZERO_TO_UNIX_NANOS;
  const rest = ((sinceZero % step) + step) % step;
  return { nanos: t.nanos - rest, offset: t.offset };
}
