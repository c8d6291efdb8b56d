import { parse as parseYaml } from 'yaml';
import { copyJson } from '../json-copy.ts';
import { deepEqual, isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { setOwn } from './own-key.ts';

/**
 * RFC 6902 JSON Patch with the options Kyverno applies it with (evanphx/json-patch v5:
 * SupportNegativeIndices, AllowMissingPathOnRemove, EnsurePathExistsOnAdd):
 * - `add` creates missing parents: an array when the next segment is an index or `-`,
 *   an object otherwise (arrays are padded with nulls up to the index);
 * - `-1` addresses the last element (and `add` at `-1` appends);
 * - `remove` of a path that is not there does nothing.
 * Written here rather than taken from a library because those tolerances are not
 * options of the JavaScript JSON Patch libraries.
 */

/** Parse `patchesJson6902`: a YAML or JSON list of operations (a string), or the list itself. */
export function parseOperations(raw: JsonValue): Outcome<JsonObject[]> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      // Kyverno converts the text with sigs.k8s.io/yaml, which reads YAML 1.1 (`yes`/`on` are booleans).
      value = parseYaml(raw, { version: '1.1' });
    } catch (e) {
      return err(`patchesJson6902 is not valid YAML/JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!Array.isArray(value)) return err('patchesJson6902 must be a list of operations');
  const ops: JsonObject[] = [];
  for (const [i, op] of value.entries()) {
    if (!isObject(op)) return err(`patchesJson6902[${i}] must be a mapping`);
    if (typeof op['op'] !== 'string') return err(`patchesJson6902[${i}] has no "op"`);
    if (typeof op['path'] !== 'string') return err(`patchesJson6902[${i}] has no "path"`);
    ops.push(op);
  }
  return ok(ops);
}

type Container = JsonObject | JsonValue[];
type Step = string | null; // an error message, or null

const INDEX = /^[+-]?\d+$/;

function decode(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function segmentsOf(path: string): string[] | null {
  if (path === '') return [];
  if (!path.startsWith('/')) return null;
  return path.split('/').slice(1).map(decode);
}

function isContainer(value: JsonValue | undefined): value is Container {
  return isArray(value) || isObject(value);
}

/** The element at `key`, or undefined when absent (negative indices count from the end). */
function getChild(c: Container, key: string): JsonValue | undefined {
  if (isArray(c)) {
    if (!INDEX.test(key)) return undefined;
    let i = Number(key);
    if (i < 0) i += c.length;
    return i >= 0 && i < c.length ? c[i] : undefined;
  }
  return Object.prototype.hasOwnProperty.call(c, key) ? c[key] : undefined;
}

function addChild(c: Container, key: string, value: JsonValue): Step {
  if (!isArray(c)) {
    setOwn(c, key, value);
    return null;
  }
  if (key === '-') {
    c.push(value);
    return null;
  }
  if (!INDEX.test(key)) return `"${key}" is not an array index`;
  let i = Number(key);
  const size = c.length + 1;
  if (i >= size || i < -size) return `index ${key} is out of bounds`;
  if (i < 0) i += size;
  c.splice(i, 0, value);
  return null;
}

function findParent(doc: JsonValue, parts: string[]): Container | null {
  let current: JsonValue | undefined = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isContainer(current)) return null;
    current = getChild(current, part);
  }
  return isContainer(current) ? current : null;
}

function ensurePathExists(doc: JsonValue, parts: string[]): Step {
  let current: JsonValue = doc;
  for (let pi = 0; pi < parts.length - 1; pi++) {
    const part = parts[pi] ?? '';
    if (!isContainer(current)) return `cannot create "${part}" inside a scalar`;
    const target = getChild(current, part);
    if (target !== undefined) {
      current = target;
      continue;
    }
    if (isArray(current) && INDEX.test(part)) {
      while (current.length < Number(part)) current.push(null);
    }
    const next = parts[pi + 1] ?? '';
    let created: Container;
    if (INDEX.test(next) || next === '-') {
      let size = next === '-' ? 0 : Number(next);
      if (size < -1) return `cannot create an array for index ${next}`;
      if (size < 0) size = 0;
      created = new Array<JsonValue>(size).fill(null);
    } else {
      created = {};
    }
    const added = addChild(current, part, created);
    if (added !== null) return added;
    current = created;
  }
  return null;
}

function applyOne(doc: JsonValue, op: JsonObject): Outcome<JsonValue> {
  const kind = op['op'];
  const path = String(op['path']);
  const parts = segmentsOf(path);
  if (parts === null) return err(`${kind} ${path}: a path must start with "/"`);
  const key = parts[parts.length - 1] ?? '';
  const value = op['value'] === undefined ? null : copyJson(op['value']);
  const fail = (why: string): Outcome<JsonValue> => err(`${String(kind)} ${path}: ${why}`);
  switch (kind) {
    case 'add': {
      if (parts.length === 0) return ok(value);
      const ensured = ensurePathExists(doc, parts);
      if (ensured !== null) return fail(ensured);
      const parent = findParent(doc, parts);
      if (parent === null) return fail('the parent path does not exist');
      const added = addChild(parent, key, value);
      return added === null ? ok(doc) : fail(added);
    }
    case 'remove': {
      const parent = findParent(doc, parts);
      if (parent === null || parts.length === 0) return ok(doc);
      if (!isArray(parent)) {
        delete parent[key];
        return ok(doc);
      }
      if (!INDEX.test(key)) return fail(`"${key}" is not an array index`);
      let i = Number(key);
      if (i < 0) i += parent.length;
      if (i >= 0 && i < parent.length) parent.splice(i, 1);
      return ok(doc);
    }
    case 'replace': {
      if (parts.length === 0) return isContainer(value) ? ok(value) : fail('the value must be an object or a list');
      const parent = findParent(doc, parts);
      if (parent === null || getChild(parent, key) === undefined) return fail('the path does not exist');
      if (isArray(parent)) {
        let i = Number(key);
        if (i < 0) i += parent.length;
        parent[i] = value;
      } else {
        setOwn(parent, key, value);
      }
      return ok(doc);
    }
    case 'move':
    case 'copy': {
      const fromParts = typeof op['from'] === 'string' ? segmentsOf(op['from']) : null;
      if (fromParts === null || fromParts.length === 0) return fail('"from" must be a non-empty path');
      const fromParent = findParent(doc, fromParts);
      const fromKey = fromParts[fromParts.length - 1] ?? '';
      const moved = fromParent === null ? undefined : getChild(fromParent, fromKey);
      if (fromParent === null || moved === undefined) return fail(`"from" ${String(op['from'])} does not exist`);
      if (kind === 'move') {
        const removed = applyOne(doc, { op: 'remove', path: String(op['from']) });
        if (!removed.ok) return removed;
      }
      const parent = findParent(doc, parts);
      if (parent === null) return fail('the destination parent does not exist');
      const added = addChild(parent, key, copyJson(moved));
      return added === null ? ok(doc) : fail(added);
    }
    case 'test': {
      if (parts.length === 0) return deepEqual(doc, value) ? ok(doc) : fail('test failed');
      const parent = findParent(doc, parts);
      if (parent === null) return fail('the path does not exist');
      const actual = getChild(parent, key);
      if (actual === undefined) return value === null ? ok(doc) : fail('test failed');
      return deepEqual(actual, value) ? ok(doc) : fail('test failed');
    }
    default:
      return err(`unknown JSON patch operation "${String(kind)}"`);
  }
}

/** Apply the operations in order to a copy of the document. */
export function applyJsonPatch(document: JsonValue, operations: JsonObject[]): Outcome<JsonValue> {
  let doc = copyJson(document);
  for (const op of operations) {
    const applied = applyOne(doc, op);
    if (!applied.ok) return applied;
    doc = applied.value;
  }
  return ok(doc);
}

/**
 * applyJsonPatch without copying the whole document: the containers an operation writes into
 * are copied (once), everything else is shared between the result and `document`, which is
 * left as it is. Only for a document in which no value is reached by two paths (see
 * hasSharedValues): applyJsonPatch's copy keeps such a value shared, so that a change made
 * through one path shows through the other, where this one would change one path only.
 */
export function applyJsonPatchShared(document: JsonValue, operations: JsonObject[]): Outcome<JsonValue> {
  // copies made by this call (a plain set: it dies with the call, as they leave it)
  const owned = new Set<object>();
  const own = (c: Container): Container => {
    const copy: Container = isArray(c) ? [...c] : { ...c };
    owned.add(copy);
    return copy;
  };
  /** Copy the containers along `path` (to its parent) that still belong to the document. */
  const ownPath = (doc: JsonValue, path: unknown): void => {
    const parts = typeof path === 'string' ? segmentsOf(path) : null;
    if (parts === null) return;
    let current: JsonValue = doc;
    for (const part of parts.slice(0, -1)) {
      if (!isContainer(current)) return;
      const child = getChild(current, part);
      if (!isContainer(child)) return;
      let next: Container = child;
      if (!owned.has(child)) {
        next = own(child);
        if (isArray(current)) {
          const i = Number(part);
          current[i < 0 ? i + current.length : i] = next;
        } else setOwn(current, part, next);
      }
      current = next;
    }
  };
  // a move removes, then adds where the removal may have shifted what its path names: copied whole
  if (operations.some((op) => op['op'] === 'move')) return applyJsonPatch(document, operations);
  let doc: JsonValue = isContainer(document) ? own(document) : document;
  for (const op of operations) {
    ownPath(doc, op['path']);
    const applied = applyOne(doc, op);
    if (!applied.ok) return applied;
    doc = applied.value;
    if (isContainer(doc) && !owned.has(doc)) owned.add(doc);
  }
  return ok(doc);
}
