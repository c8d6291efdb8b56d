import { Optional } from '@marcbachmann/cel-js';
import { Duration, UnsignedInt } from '@marcbachmann/cel-js/evaluator';
import type { JsonObject, JsonValue } from '../../../core/json.ts';

/**
 * JSON as CEL sees it: whole numbers are `int` (BigInt), as the Kubernetes schema types
 * integer fields; other numbers stay `double`. Objects stay plain objects (CEL maps).
 */
export function toCel(value: JsonValue | undefined): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(v);
    return out;
  }
  return value;
}

function bigintToNumber(value: bigint): number {
  return Number(value);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** A duration as Go prints it (1h2m3s, 1.5s, 0s). */
function durationText(d: Duration): string {
  const total = Number(d.seconds) + d.nanos / 1e9;
  if (total === 0) return '0s';
  const sign = total < 0 ? '-' : '';
  let rest = Math.abs(total);
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  rest -= minutes * 60;
  const seconds = Number(rest.toFixed(9));
  return `${sign}${hours > 0 ? `${hours}h` : ''}${hours > 0 || minutes > 0 ? `${minutes}m` : ''}${seconds}s`;
}

/**
 * A CEL value back as JSON: int/uint become numbers, maps objects, an optional its value
 * (absent when empty), bytes base64, timestamps RFC 3339, durations Go text. Library objects
 * (quantities, images …) that know their JSON form give it through `toJSON`.
 */
export function fromCel(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return bigintToNumber(value);
  if (value instanceof UnsignedInt) return bigintToNumber(value.value);
  if (value instanceof Optional) return value.hasValue() ? fromCel(value.value()) : undefined;
  if (value instanceof Duration) return durationText(value);
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return value.map((v) => fromCel(v) ?? null);
  if (value instanceof Map) {
    const out: JsonObject = {};
    for (const [k, v] of value) {
      const converted = fromCel(v);
      if (converted !== undefined) out[String(k)] = converted;
    }
    return out;
  }
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function' && Object.getPrototypeOf(value) !== Object.prototype) return fromCel(withJson.toJSON());
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const converted = fromCel(v);
      if (converted !== undefined) out[k] = converted;
    }
    return out;
  }
  return undefined;
}

/** A short rendering of a CEL value for messages. */
export function celText(value: unknown): string {
  const json = fromCel(value);
  if (typeof json === 'string') return json;
  return json === undefined ? 'optional.none()' : JSON.stringify(json);
}
