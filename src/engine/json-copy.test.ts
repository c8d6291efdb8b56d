import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { copyJson } from './json-copy.ts';

describe('copyJson', () => {
  it('copies deeply, as structuredClone does', () => {
    const value: JsonObject = { a: [1, { b: 'x' }], c: null, d: { e: true } };
    const copy = copyJson(value);
    expect(copy).toEqual(structuredClone(value));
    expect(copy['a']).not.toBe(value['a']);
    expect((copy['a'] as JsonObject[])[1]).not.toBe((value['a'] as JsonObject[])[1]);
  });

  it('keeps a value reached twice shared in the copy (YAML aliases), and own __proto__ keys', () => {
    const shared = { privileged: true };
    const value: JsonObject = { a: shared, b: [shared] };
    Object.defineProperty(value, '__proto__', { value: { x: 1 }, enumerable: true, writable: true, configurable: true });
    const copy = copyJson(value);
    expect(copy['a']).toBe((copy['b'] as JsonObject[])[0]);
    expect(copy['a']).not.toBe(shared);
    expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy).toEqual(structuredClone(value));
  });
});
