import { isObject, joinPointer, type JsonObject, type JsonValue } from '../core/json.ts';

/**
 * Maps every object and array inside a resource to its JSON pointer, by identity.
 * JMESPath projections return references into the data, so a foreach element can be
 * traced back to where it sits in the resource without guessing from the expression.
 */
const RECENT = 2;
/** The indexes of the resources asked for last, latest first (rules ask resource after resource). */
const recent: { root: JsonObject; index: PointerIndex }[] = [];

/**
 * The index of a resource, built once however many foreach rules ask for it in a row. Only
 * the last few are kept: a map by resource, one entry per resource, cost the collector more
 * than building an index again.
 */
export function pointerIndexOf(root: JsonObject): PointerIndex {
  const known = recent.find((entry) => entry.root === root);
  if (known) return known.index;
  const index = new PointerIndex(root);
  recent.unshift({ root, index });
  if (recent.length > RECENT) recent.pop();
  return index;
}

export class PointerIndex {
  private readonly index = new Map<object, string>();

  constructor(root: JsonValue) {
    this.visit(root, '');
  }

  private visit(value: JsonValue, pointer: string): void {
    if (Array.isArray(value)) {
      if (!this.index.has(value)) this.index.set(value, pointer);
      value.forEach((item, i) => this.visit(item, joinPointer(pointer, i)));
    } else if (isObject(value)) {
      if (!this.index.has(value)) this.index.set(value, pointer);
      for (const [key, item] of Object.entries(value)) this.visit(item, joinPointer(pointer, key));
    }
  }

  /** The pointer of a value taken from the indexed resource, when it is an object or array from it. */
  pointerOf(value: JsonValue | undefined): string | undefined {
    if (typeof value === 'object' && value !== null) return this.index.get(value);
    return undefined;
  }
}
