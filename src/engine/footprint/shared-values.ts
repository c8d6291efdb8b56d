import type { JsonValue } from '../../core/json.ts';

/**
 * Does a value reach one object or list by two paths (YAML aliases parse to shared
 * objects)? A patch at one of the paths then changes the other too, which a footprint,
 * reasoning by paths, cannot see.
 */
export function hasSharedValues(value: JsonValue): boolean {
  const seen = new Set<object>();
  const visit = (v: JsonValue): boolean => {
    if (v === null || typeof v !== 'object') return false;
    if (seen.has(v)) return true;
    seen.add(v);
    if (Array.isArray(v)) return v.some(visit);
    for (const key of Object.keys(v)) if (visit(v[key] ?? null)) return true;
    return false;
  };
  return visit(value);
}

const braced = (text: string): boolean => text.includes('{') || text.includes('}');

/** Does any string or key inside hold a brace (text that could become a variable once substituted into a message)? */
export function holdsBraces(value: JsonValue): boolean {
  if (typeof value === 'string') return braced(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsBraces);
  return Object.keys(value).some((key) => braced(key) || holdsBraces(value[key] ?? null));
}
