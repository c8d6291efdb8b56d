import { Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { JsonValue } from '../core/json.ts';

/**
 * Plain nodes: mappings whose keys are plain strings (no merge key, no `__proto__`), lists,
 * and scalars that are strings, finite numbers, booleans or null, all of the package's own
 * classes. Their JSON (`JSON.parse(JSON.stringify(node.toJS()))`, how documentJson reads a
 * document) is what they show, so it can be compared or built without going through JSON text;
 * any other node (an alias, another key or value, another class) is read the general way.
 */
// the classes' prototypes, read once (each read of the package's exports is a getter in the bundles: see core/yaml-guards.ts)
const SCALAR = Scalar.prototype;
const SEQ = YAMLSeq.prototype;
const MAP = YAMLMap.prototype;
const isPlainScalar = (node: unknown): node is Scalar => typeof node === 'object' && node !== null && Object.getPrototypeOf(node) === SCALAR;
const isPlainSeq = (node: unknown): node is YAMLSeq<unknown> => typeof node === 'object' && node !== null && Object.getPrototypeOf(node) === SEQ;
const isPlainMap = (node: unknown): node is YAMLMap<unknown, unknown> => typeof node === 'object' && node !== null && Object.getPrototypeOf(node) === MAP;

/** A scalar's value when it is plain JSON (-0 reads as 0, as through JSON text, unless `negativeZero`); undefined otherwise. */
function plainValue(node: Scalar, negativeZero = false): JsonValue | undefined {
  const value: unknown = node.value;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value === 0 && !negativeZero ? 0 : value;
  return undefined;
}

/** A mapping key when it is a plain string key; undefined otherwise. */
function plainKey(key: unknown): string | undefined {
  if (!isPlainScalar(key) || 'addToJSMap' in key) return undefined;
  const name: unknown = key.value;
  return typeof name !== 'string' || name === '<<' || name === '__proto__' ? undefined : name;
}

function plainBuilt(node: unknown, negativeZero: boolean): JsonValue | undefined {
  if (node === null) return null;
  if (isPlainScalar(node)) return plainValue(node, negativeZero);
  if (isPlainSeq(node)) {
    const list: JsonValue[] = [];
    for (const item of node.items) {
      const value = plainBuilt(item, negativeZero);
      if (value === undefined) return undefined;
      list.push(value);
    }
    return list;
  }
  if (isPlainMap(node)) {
    const object: Record<string, JsonValue> = {};
    for (const pair of node.items) {
      const key = plainKey(pair.key);
      const value = key === undefined ? undefined : plainBuilt(pair.value, negativeZero);
      if (key === undefined || value === undefined) return undefined;
      object[key] = value;
    }
    return object;
  }
  return undefined;
}

/** A plain node's JSON, built directly; undefined when the node is not plain. */
export function plainJson(node: unknown): JsonValue | undefined {
  return plainBuilt(node, false);
}

/** A plain node's value as the package's `toJS()` gives it (-0 stays -0), built directly; undefined when the node is not plain. */
export function plainJs(node: unknown): JsonValue | undefined {
  return plainBuilt(node, true);
}

/** How a node compares with a JSON value: 'unsure' when the node is not plain. */
export type Verdict = 'equal' | 'differs' | 'unsure';

/** Stands for no value to compare with (a key or item the expected value lacks). */
export const NOTHING = Symbol('nothing to compare with');

/**
 * Compare a plain node with a JSON value as deepEqual compares the node's JSON with it,
 * without building that JSON. Past a difference the walk goes on, to tell an unsure node
 * apart (reading its JSON may fail, as it would have).
 */
export function plainCompare(node: unknown, expected: JsonValue | typeof NOTHING): Verdict {
  if (node === null) return expected === null ? 'equal' : 'differs';
  if (isPlainScalar(node)) {
    const value = plainValue(node);
    if (value === undefined) return 'unsure';
    return expected === value ? 'equal' : 'differs';
  }
  if (isPlainSeq(node)) {
    const items = node.items as unknown[];
    const list = expected !== NOTHING && Array.isArray(expected) && expected.length === items.length ? expected : undefined;
    let verdict: Verdict = list ? 'equal' : 'differs';
    for (const [i, item] of items.entries()) {
      const one = plainCompare(item, list ? (list[i] as JsonValue) : NOTHING);
      if (one === 'unsure') return 'unsure';
      if (one === 'differs') verdict = 'differs';
    }
    return verdict;
  }
  if (isPlainMap(node)) {
    const object = expected !== NOTHING && expected !== null && typeof expected === 'object' && !Array.isArray(expected) ? expected : undefined;
    let verdict: Verdict = object && Object.keys(object).length === node.items.length ? 'equal' : 'differs';
    for (const pair of node.items) {
      const key = plainKey(pair.key);
      if (key === undefined) return 'unsure';
      const has = object !== undefined && Object.prototype.hasOwnProperty.call(object, key);
      const one = plainCompare(pair.value, has ? (object[key] as JsonValue) : NOTHING);
      if (one === 'unsure') return 'unsure';
      if (one === 'differs') verdict = 'differs';
    }
    return verdict;
  }
  return 'unsure';
}
