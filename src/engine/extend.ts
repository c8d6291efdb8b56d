/**
 * `{ ...base, ...extra }` for plain objects, built by assignment: V8 copies a spread fast
 * but then adds each key the copy did not have through a slow path (about a microsecond a
 * key), which the engine's hot paths (a scope per foreach element, a result per rule)
 * would pay again and again. Same keys in the same order; an own `__proto__` key stays a key.
 */
export function extend<T extends object, U extends object>(base: T, extra: U): Omit<T, keyof U> & U {
  const out: Record<string, unknown> = {};
  copyInto(out, base as Record<string, unknown>);
  copyInto(out, extra as Record<string, unknown>);
  return out as Omit<T, keyof U> & U;
}

function copyInto(out: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const key of Object.keys(from)) {
    if (key === '__proto__') Object.defineProperty(out, key, { value: from[key], enumerable: true, writable: true, configurable: true });
    else out[key] = from[key];
  }
}
