import type { JsonValue } from '../../core/json.ts';
import { durationSeconds, parseGoDuration } from './go-duration.ts';

/**
 * Kyverno's parseDuration(key, value) for condition operators: at least one side must be a
 * duration string (other than "0"); the other side may be a duration string or a number of
 * seconds (truncated to whole seconds). Returns both sides in seconds, or undefined.
 */
export function durationPair(key: JsonValue, value: JsonValue): [number, number] | undefined {
  const asDuration = (v: JsonValue): number | undefined => {
    if (typeof v !== 'string' || v === '0') return undefined;
    const d = parseGoDuration(v);
    return d === undefined ? undefined : durationSeconds(d);
  };
  const k = asDuration(key);
  const v = asDuration(value);
  if (k === undefined && v === undefined) return undefined;
  const seconds = (x: JsonValue): number | undefined => (typeof x === 'number' ? Math.trunc(x) : undefined);
  const ks = k ?? seconds(key);
  const vs = v ?? seconds(value);
  if (ks === undefined || vs === undefined) return undefined;
  return [ks, vs];
}

/** For the deprecated Duration* operators: a duration string or a number of seconds. */
export function toDurationSeconds(v: JsonValue): number | undefined {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v !== 'string') return undefined;
  const d = parseGoDuration(v);
  return d === undefined ? undefined : durationSeconds(d);
}
