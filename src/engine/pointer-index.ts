import { isObject, joinPointer, type JsonObject, type JsonValue } from '../core/json.ts';

/**
 * Maps every object and array inside a resource to its JSON pointer, by identity.
 * JMESPath projections return references into the data, so a foreach element can be
 * traced back to where it sits in the resource without guessing from the expression.
 */
const INDEXES = new WeakMap<object, PointerIndex>();

/** The index of a resource, built once however many foreach rules ask for it. */
export function pointerIndexOf(root: JsonObject): PointerIndex {
  let index = INDEXES.get(root);
  if (!index) {
    index = new PointerIndex(root);
    INDEXES.set(root, index);
  }
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
