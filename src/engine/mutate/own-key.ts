import type { JsonObject, JsonValue } from '../../core/json.ts';

/**
 * Set a key as an own data property. Plain assignment of `__proto__` would change the
 * object's prototype instead of adding the key a manifest or policy spelled out.
 */
export function setOwn(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
