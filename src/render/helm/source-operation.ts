import { fromPointer, getAtPointer, isObject } from '../../core/json.ts';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import { err, ok } from '../../core/outcome.ts';
import type { Outcome } from '../../core/outcome.ts';
import type { JsonPatchOperation } from '../../engine/types.ts';
import { findOwnedValue } from '../owned-values.ts';
import type { SourceOperation } from '../types.ts';
import type { HelmSource } from './source-map.ts';
import type { ValuesPlace } from './values-refs.ts';

const parent = (pointer: string): string => pointer.slice(0, pointer.lastIndexOf('/'));

/**
 * An operation on a field rendered from a values key the template omits keys of (`omit .Values.x "enabled" | toYaml`),
 * as it applies to that key: a value replacing the whole keeps the omitted keys; removing the whole, or touching an
 * omitted key (which the template never renders), is not written there.
 */
function keepOmitted(values: ValuesPlace, op: JsonPatchOperation, at: string): Outcome<JsonPatchOperation> {
  const omitted = values.omitted;
  if (omitted === undefined) return ok(op);
  const first = fromPointer(op.path.slice(at.length))[0];
  if (first !== undefined) return omitted.includes(first) ? err(`${op.path}: the template leaves "${first}" of ${values.file}'s key out, so it is not set there; change the template`) : ok(op);
  const value = op.value;
  if (op.op === 'remove' || !isObject(value) || !isObject(values.value)) return err(`${op.path}: the template renders ${values.file}'s key without ${omitted.map((k) => `"${k}"`).join(', ')}, so it is not replaced as a whole; change the template`);
  const keptKeys = Object.fromEntries(Object.entries(values.value).filter(([key]) => omitted.includes(key)));
  return ok({ ...op, value: { ...keptKeys, ...value } });
}

/**
 * Where an operation on a resource `helm template` rendered is written: in the values file
 * whose key the changed field (or a parent of it) is rendered from unchanged (`{{ .Values.x }}`,
 * `toYaml .Values.x`), so the chart's templates stay as they are; a field the template renders
 * only when an empty values key is set (`with .Values.x`) is added by setting that key (adding it to
 * the chart's values.yaml when no values file sets it). A field the template
 * writes itself, composes or transforms has no such edit: the error says which template
 * line to change. Values that hold the release name or namespace are never written into a
 * values file (they belong to the release, not the chart).
 */
export function helmSourceOperation(object: JsonObject, map: (pointer: string) => HelmSource | undefined, release: ReadonlySet<string>, op: JsonPatchOperation, archive?: string): Outcome<SourceOperation> {
  if (op.op !== 'add' && op.op !== 'replace' && op.op !== 'remove') return err(`a JSON patch "${op.op}" is not written into source files`);
  let anchor = op.path;
  let missing: string | undefined;
  while (anchor !== '' && getAtPointer(object, anchor) === undefined) {
    missing = anchor;
    anchor = parent(anchor);
  }
  // a field the template renders only when a values key is set, which is empty: set it there
  const gated = missing === undefined || op.op !== 'add' ? undefined : map(missing);
  if (gated?.absent && gated.values) {
    const owned = findOwnedValue(op.value, release);
    if (owned !== undefined) return err(`the value "${owned}" comes from the release (its name or namespace), so it is not written into ${gated.values.file}; set it in the template`);
    const value = fromPointer(op.path.slice((missing ?? '').length)).reduceRight<JsonValue>((inner, key) => ({ [key]: inner }), op.value as JsonValue);
    return ok({ file: gated.values.file, documentIndex: gated.values.documentIndex, op: { op: gated.unset ? 'add' : 'replace', path: gated.values.pointer, value } });
  }
  for (let at = anchor; ; at = parent(at)) {
    const source = map(at);
    const values = source?.values;
    if (values) {
      // a field rendered null from a values key no file sets: the key is added, as a whole
      if (source?.unset) {
        if (at !== op.path || op.op === 'remove') return err(`${op.path}: ${values.file} does not set the key the template renders here; set it there as a whole, or change the template (the patch shows how)`);
        const owned = findOwnedValue(op.value, release);
        if (owned !== undefined) return err(`the value "${owned}" comes from the release (its name or namespace), so it is not written into ${values.file}; set it in the template`);
        return ok({ file: values.file, documentIndex: values.documentIndex, op: { op: 'add', path: values.pointer, value: op.value ?? null } });
      }
      const owned = findOwnedValue(op.value, release);
      if (owned !== undefined) return err(`the value "${owned}" comes from the release (its name or namespace), so it is not written into ${values.file}; set it in the template`);
      const kept = keepOmitted(values, op, at);
      if (!kept.ok) return kept;
      return ok({ file: values.file, documentIndex: values.documentIndex, op: { ...kept.value, path: values.pointer + op.path.slice(at.length) } });
    }
    if (at === '') break;
  }
  const what = anchor === op.path ? op.path : `${op.path.slice(anchor.length + 1)} under ${anchor || 'the resource'}`;
  // a subchart kept as an archive: its templates are not in the repository to change
  if (archive !== undefined) return err(`${what}: a template of the subchart archive ${archive} writes this, not a values key as is; set it through a value the subchart offers, or vendor the subchart as a directory to change its template (the patch shows how)`);
  const place = map(anchor)?.source;
  const where = place ? `${place.file}:${place.range.start.line}` : 'the chart\'s templates';
  return err(`${what}: the template at ${where} writes this, not a values key as is; change the template (the patch shows how)`);
}
