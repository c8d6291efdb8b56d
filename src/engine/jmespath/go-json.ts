import type { JsonValue } from '../../core/json.ts';

/**
 * JSON text the way Go's encoding/json.Marshal writes it, which is what Kyverno puts in a
 * string when a non-string variable is embedded in text: object keys sorted, `<`, `>`, `&`
 * and U+2028/U+2029 escaped.
 */
export function goJsonMarshal(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJsonMarshal).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${goString(k)}:${goJsonMarshal(value[k] ?? null)}`).join(',')}}`;
}

function goString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
