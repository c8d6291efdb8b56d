import { isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { extend } from './extend.ts';

/** `{ ...data, [key]: value }` (see extend: adding a key to a spread copy is slow). */
function withKey(data: JsonObject, key: string, value: JsonValue): JsonObject {
  const extra: JsonObject = {};
  if (key === '__proto__') Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
  else extra[key] = value;
  return extend(data, extra);
}

/** Set a dotted variable name ("request.object.metadata.name") in scope data, copying along the path. */
export function setDotted(data: JsonObject, name: string, value: JsonValue): JsonObject {
  const [head, ...rest] = name.split('.');
  if (head === undefined) return data;
  const child = data[head];
  return withKey(data, head, rest.length === 0 ? value : setDotted(isObject(child) ? child : {}, rest.join('.'), value));
}

/**
 * Split a variable name the way Kyverno's context does (a CSV record with `.` as the
 * separator): `request.object.metadata.annotations."example.com/team"` gives five parts, the
 * quoted one kept whole; `""` inside quotes is a literal quote.
 */
export function splitVariableName(name: string): string[] {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (name[i] === '"') {
      i++;
      while (i < name.length) {
        if (name[i] === '"') {
          if (name[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += name[i];
        i++;
      }
      // text between the closing quote and the next separator is kept, as a lenient reader would
      while (i < name.length && name[i] !== '.') field += name[i++];
    } else {
      while (i < name.length && name[i] !== '.') field += name[i++];
    }
    parts.push(field);
    if (i >= name.length) return parts;
    i++; // the separator
  }
}

/** mergeInto as first written, for a source with an own `__proto__` key (assigned, as it always was). */
function mergeIntoByAssignment(target: JsonObject, source: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = out[key];
    out[key] = isObject(value) && isObject(existing) ? mergeIntoByAssignment(existing, value) : value;
  }
  return out;
}

/** Kyverno's mergeMaps: mappings merge key by key, anything else replaces. Copies along the way. */
export function mergeInto(target: JsonObject, source: JsonObject): JsonObject {
  if (Object.prototype.hasOwnProperty.call(source, '__proto__')) return mergeIntoByAssignment(target, source);
  const merged: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    merged[key] = isObject(value) && isObject(existing) ? mergeInto(existing, value) : value;
  }
  return extend(target, merged);
}

/**
 * Add one variable the way Kyverno's `AddVariable` does: the name is split into a path
 * (see splitVariableName), the value nested under it and merged into the data — so
 * `request: {operation: UPDATE}` changes the operation and keeps `request.object`.
 */
export function mergeVariable(data: JsonObject, name: string, value: JsonValue): JsonObject {
  const path = splitVariableName(name);
  let nested: JsonValue = value;
  for (let i = path.length - 1; i >= 0; i--) nested = { [path[i] ?? '']: nested };
  return isObject(nested) ? mergeInto(data, nested) : data;
}

/** Apply many variables in order, each merged as Kyverno's `AddVariable` does. */
export function withVariables(data: JsonObject, variables: Record<string, JsonValue>): JsonObject {
  let result = data;
  for (const [name, value] of Object.entries(variables)) result = mergeVariable(result, name, value);
  return result;
}
