import { getAtPointer, isObject } from '../../core/json.ts';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import type { Range } from '../../manifest/types.ts';
import { mergeKeyOf, resolveSteps, toSteps } from '../pointer-match.ts';
import type { RangedDocument } from '../yaml-ranges.ts';
import type { PatchEntry, PatchTarget } from './patch-entries.ts';

/** A rendered resource as patch matching sees it. */
export interface PatchSubject {
  object: JsonObject;
  /** Tree-relative file the resource came from, when known. */
  sourceFile?: string;
  /** Its name in that file (before namePrefix/nameSuffix). */
  sourceName?: string;
  /** The resource as written in that file. */
  source?: JsonValue;
}

function str(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function metadata(object: JsonValue): JsonObject {
  return isObject(object) && isObject(object['metadata']) ? object['metadata'] : {};
}

function names(subject: PatchSubject): string[] {
  const out = [str(metadata(subject.object)['name']), subject.sourceName];
  return out.filter((name): name is string => name !== undefined);
}

function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
}

/** Equality-based label selector (`a=b,c!=d,e,!f`); set-based terms are treated as matching. */
function selectorMatches(selector: string, labels: JsonValue | undefined): boolean {
  const map = isObject(labels) ? labels : {};
  return selector.split(',').every((raw) => {
    const term = raw.trim();
    if (term === '' || /\s(in|notin)\s/.test(term)) return true;
    const notEqual = term.match(/^([^!=]+)!=(.*)$/);
    if (notEqual) return map[notEqual[1]!.trim()] !== notEqual[2]!.trim();
    const equal = term.match(/^([^=]+)==?(.*)$/);
    if (equal) return map[equal[1]!.trim()] === equal[2]!.trim();
    if (term.startsWith('!')) return !(term.slice(1) in map);
    return term in map;
  });
}

function targetMatches(target: PatchTarget, subject: PatchSubject): boolean {
  const object = subject.object;
  const meta = metadata(object);
  const apiVersion = str(object['apiVersion']) ?? '';
  const [group, version] = apiVersion.includes('/') ? [apiVersion.split('/')[0] ?? '', apiVersion.split('/')[1] ?? ''] : ['', apiVersion];
  if (target.kind !== undefined && !fullMatch(target.kind, str(object['kind']) ?? '')) return false;
  if (target.group !== undefined && !fullMatch(target.group, group)) return false;
  if (target.version !== undefined && !fullMatch(target.version, version)) return false;
  if (target.namespace !== undefined && !fullMatch(target.namespace, str(meta['namespace']) ?? '')) return false;
  if (target.name !== undefined && !names(subject).some((name) => fullMatch(target.name ?? '', name))) return false;
  if (target.labelSelector !== undefined && !selectorMatches(target.labelSelector, meta['labels'])) return false;
  if (target.annotationSelector !== undefined && !selectorMatches(target.annotationSelector, meta['annotations'])) return false;
  return true;
}

/** The documents of `patch` that kustomize applies to `subject`. */
export function applicableDocs(patch: PatchEntry, subject: PatchSubject): RangedDocument[] {
  if (subject.sourceFile !== undefined && !patch.scope.has(subject.sourceFile)) return [];
  if (patch.target) return targetMatches(patch.target, subject) ? patch.docs : [];
  if (patch.format === 'json6902') return [];
  return patch.docs.filter((doc) => {
    if (!isObject(doc.value)) return false;
    const name = str(metadata(doc.value)['name']);
    return str(doc.value['kind']) === str(subject.object['kind']) && name !== undefined && names(subject).includes(name);
  });
}

/** A list whose items are mappings with a merge key (containers, env, ports …): a strategic merge patch merges it item by item. */
function isMergedList(value: JsonValue | undefined): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((item) => mergeKeyOf(item) !== undefined);
}

const IDENTITY = new Set(['/apiVersion', '/kind', '/metadata/name', '/metadata/namespace']);

/** Range in a strategic merge patch of the field at `pointer`, when the patch sets it. */
function strategicMergeSets(doc: RangedDocument, subject: PatchSubject, pointer: string): Range | undefined {
  if (IDENTITY.has(pointer)) return undefined;
  const steps = toSteps(subject.object, pointer);
  if (!steps || steps.length === 0) return undefined;
  const resolved = resolveSteps(doc.value, steps);
  if (!resolved.complete) return undefined;
  const last = steps[steps.length - 1];
  const parent = steps[steps.length - 2];
  // The merge key of an item the source already has only says which item is patched.
  if (last && 'key' in last && parent && 'mergeKey' in parent && parent.mergeKey === last.key) {
    if (subject.source === undefined || resolveSteps(subject.source, steps.slice(0, -1)).complete) return undefined;
  }
  if ((isObject(resolved.value) || isMergedList(resolved.value)) && subject.source !== undefined) {
    // A mapping (or a list of merge-keyed items) the source already has is merged into, not set: its fields decide.
    const inSource = resolveSteps(subject.source, steps);
    if (inSource.complete) return undefined;
  }
  return doc.ranges.get(resolved.pointer);
}

/** The operations of a JSON 6902 patch document of the given kinds, with their path and index. */
function json6902Ops(doc: RangedDocument, kinds: readonly string[]): { path: string; index: number }[] {
  if (!Array.isArray(doc.value)) return [];
  return doc.value.flatMap((op, index) => (isObject(op) && typeof op['path'] === 'string' && kinds.includes(str(op['op']) ?? '') ? [{ path: op['path'], index }] : []));
}

/** Is `pointer` the field at `path` or one below it? */
const covers = (path: string, pointer: string): boolean => pointer === path || pointer.startsWith(path + '/');

/** Range in a JSON 6902 patch of the operation that last sets the field at `pointer`. */
function json6902Sets(doc: RangedDocument, subject: PatchSubject, pointer: string): Range | undefined {
  let found: Range | undefined;
  for (const op of json6902Ops(doc, ['add', 'replace', 'copy', 'move'])) {
    let path = op.path;
    if (path.endsWith('/-')) {
      const list = getAtPointer(subject.object, path.slice(0, -2));
      if (!Array.isArray(list) || list.length === 0) continue;
      path = `${path.slice(0, -2)}/${list.length - 1}`;
    }
    if (!covers(path, pointer)) continue;
    const rest = pointer.slice(path.length);
    found = doc.ranges.get(`/${op.index}/value${rest}`) ?? doc.ranges.get(`/${op.index}`) ?? found;
  }
  return found;
}

/** The last of `patches` that sets the field at `pointer` of `subject`: the patch, its document and where in it. */
export function lastPatchOwner(patches: readonly PatchEntry[], subject: PatchSubject, pointer: string): { patch: PatchEntry; doc: RangedDocument; range: Range } | undefined {
  let found: { patch: PatchEntry; doc: RangedDocument; range: Range } | undefined;
  for (const patch of patches) {
    for (const doc of applicableDocs(patch, subject)) {
      const range = patch.format === 'json6902' ? json6902Sets(doc, subject, pointer) : strategicMergeSets(doc, subject, pointer);
      if (range) found = { patch, doc, range };
    }
  }
  return found;
}

/** Where the last of `patches` that sets the field at `pointer` of `subject` sets it. */
export function lastPatchSetting(patches: readonly PatchEntry[], subject: PatchSubject, pointer: string): { file: string; range: Range } | undefined {
  const owner = lastPatchOwner(patches, subject, pointer);
  return owner ? { file: owner.patch.file, range: owner.range } : undefined;
}

/**
 * Where a JSON 6902 patch of `patches` removes the field at `pointer` of `subject` (or a
 * field above it): the last such `remove` operation, for a message that says where to look.
 */
export function lastPatchRemoval(patches: readonly PatchEntry[], subject: PatchSubject, pointer: string): { file: string; range: Range } | undefined {
  let found: { file: string; range: Range } | undefined;
  for (const patch of patches) {
    if (patch.format !== 'json6902') continue;
    for (const doc of applicableDocs(patch, subject)) {
      for (const op of json6902Ops(doc, ['remove'])) {
        const range = covers(op.path, pointer) ? doc.ranges.get(`/${op.index}`) : undefined;
        if (range) found = { file: patch.file, range };
      }
    }
  }
  return found;
}
