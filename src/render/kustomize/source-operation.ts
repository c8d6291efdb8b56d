import { posix } from 'node:path';
import { fromPointer, getAtPointer, isObject, toPointer } from '../../core/json.ts';
import type { JsonValue } from '../../core/json.ts';
import { err, ok } from '../../core/outcome.ts';
import type { Outcome } from '../../core/outcome.ts';
import type { JsonPatchOperation } from '../../engine/types.ts';
import { documentPointer } from '../../manifest/origin.ts';
import type { SourcedResource } from '../../manifest/types.ts';
import { resolveSteps, toSteps } from '../pointer-match.ts';
import type { Step } from '../pointer-match.ts';
import { findOwnedValue } from '../owned-values.ts';
import type { SourceOperation } from '../types.ts';
import { kustomizationSetting } from './kustomization-fields.ts';
import type { KustomizationFile } from './kustomization-file.ts';
import type { PatchEntry } from './patch-entries.ts';
import { lastPatchOwner, lastPatchRemoval } from './patch-match.ts';
import type { PatchSubject } from './patch-match.ts';

/** What is known about one rendered resource of a kustomize build. */
export interface KustomizeSubject {
  treeDir: string;
  patches: readonly PatchEntry[];
  kustomizations: readonly KustomizationFile[];
  subject: PatchSubject;
  /** The document the resource comes from, when it is a local file. */
  source?: SourcedResource;
  sourceFile?: string;
  /** Strings of the rendered resource an overlay put there (computed once, when first needed). */
  owned: () => ReadonlySet<string>;
}

const parent = (pointer: string): string => pointer.slice(0, pointer.lastIndexOf('/'));

const where = (file: string, line: number | undefined): string => (line === undefined ? file : `${file}:${line}`);

/** Pointer into `object` at the end of `steps`, then the keys of the steps left over (none may be a list item). */
function mapSteps(target: JsonValue, steps: readonly Step[]): Outcome<string> {
  const resolved = resolveSteps(target, steps);
  const done = fromPointer(resolved.pointer).length;
  const rest = steps.slice(done);
  const segments: (string | number)[] = [...fromPointer(resolved.pointer)];
  for (const step of rest) {
    if (!('key' in step)) return err('a list item of the rendered resource is not in that document');
    segments.push(step.key);
  }
  return ok(toPointer(segments));
}

/** The deepest prefix of `pointer` that exists in `object`. */
function existingPrefix(object: JsonValue, pointer: string): string {
  let at = pointer;
  while (at !== '' && getAtPointer(object, at) === undefined) at = parent(at);
  return at;
}

/** Label and annotation values, and the namespace, that the kustomization listing the file sets for every user of it. */
export function baseLevelValues(facts: KustomizeSubject, file: string): Set<string> {
  const out = new Set<string>();
  for (const kustomization of facts.kustomizations) {
    const dir = posix.dirname(posix.normalize(kustomization.path.slice(facts.treeDir.length + 1)));
    const value = kustomization.doc.value;
    const lists = [value['resources'], value['bases']].flatMap((list) => (Array.isArray(list) ? list : []));
    if (!lists.some((entry) => typeof entry === 'string' && posix.normalize(posix.join(dir, entry)) === file)) continue;
    for (const field of ['commonLabels', 'commonAnnotations']) {
      const map = value[field];
      if (isObject(map)) for (const v of Object.values(map)) if (typeof v === 'string') out.add(v);
    }
    const labels = value['labels'];
    if (Array.isArray(labels)) {
      for (const entry of labels) if (isObject(entry) && isObject(entry['pairs'])) for (const v of Object.values(entry['pairs'])) if (typeof v === 'string') out.add(v);
    }
    if (typeof value['namespace'] === 'string') out.add(value['namespace']);
  }
  return out;
}

/**
 * Where an operation on a rendered resource of a kustomize build is written: in the patch
 * of the overlay that sets the field (a strategic merge patch file), else in the resource
 * file the build read — never into a base when the value comes from an overlay (a name
 * prefix, a common label, a name reference, a patch), and never for a field a kustomization
 * entry sets (namespace, namePrefix, images, commonLabels, replicas): those are errors that
 * say where to change it.
 */
export function kustomizeSourceOperation(facts: KustomizeSubject, op: JsonPatchOperation): Outcome<SourceOperation> {
  if (op.op !== 'add' && op.op !== 'replace' && op.op !== 'remove') return err(`a JSON patch "${op.op}" is not written into source files`);
  const object = facts.subject.object;
  const source = facts.source;
  const steps = toSteps(object, op.path);
  if (steps && source) {
    const inSource = resolveSteps(source.object, steps);
    const setting = kustomizationSetting(facts, object, source.object, op.path, inSource.complete ? inSource.pointer : undefined);
    if (setting) return err(`${op.path} is set by ${where(setting.file, setting.range.start.line)}; change it there`);
  }
  const anchor = existingPrefix(object, op.path);
  const anchorSteps = toSteps(object, anchor);
  if (!anchorSteps) return err(`${op.path} cannot be followed in the rendered resource`);
  const rest = op.path.slice(anchor.length);
  for (let at = anchor; ; at = parent(at)) {
    const owner = lastPatchOwner(facts.patches, facts.subject, at);
    if (owner) {
      const line = owner.range.start.line;
      if (owner.patch.format === 'json6902') return err(`${at || 'the resource'} is set by the JSON patch at ${where(owner.patch.file, line)}; change it there`);
      if (owner.patch.inline) return err(`${at || 'the resource'} is set by the inline patch at ${where(owner.patch.file, line)}; change it there`);
      const mapped = mapSteps(owner.doc.value, anchorSteps);
      if (!mapped.ok) return err(`${op.path}: ${mapped.error} (the patch at ${where(owner.patch.file, line)})`);
      return ok({ file: owner.patch.file, documentIndex: owner.doc.index, op: { ...op, path: mapped.value + rest } });
    }
    if (at === '') break;
  }
  if (!source || facts.sourceFile === undefined) return err('the resource is generated by kustomize, not read from a file; change its generator');
  const inBase = resolveSteps(source.object, anchorSteps);
  if (op.op !== 'add' && (!inBase.complete || rest !== '')) return err(`${op.path} is not written in ${facts.sourceFile}; it comes from the overlay`);
  const owned = findOwnedValue(op.value, facts.owned());
  if (owned !== undefined) {
    return err(`the value "${owned}" comes from the overlay (a name prefix, a label, a name reference or a patch), so it is not written into ${facts.sourceFile}, which other overlays may share; set it in the overlay`);
  }
  const mapped = mapSteps(source.object, anchorSteps);
  if (!mapped.ok) return err(`${op.path}: ${mapped.error} (${facts.sourceFile})`);
  // A field the file has and the rendered resource lacks was removed later in the build (an
  // overlay's patch): writing it into the file would not reach the resource, and would
  // replace what the file holds there for every other user of the file.
  if (op.op === 'add' && getAtPointer(object, op.path) === undefined && getAtPointer(source.object, mapped.value + rest) !== undefined) {
    const removal = lastPatchRemoval(facts.patches, facts.subject, op.path);
    const by = removal ? `the JSON patch at ${where(removal.file, removal.range.start.line)} removes it` : 'a patch or transformer of the overlay removes it';
    return err(`${op.path} is written in ${facts.sourceFile} but ${by} from the rendered resource, so an edit of ${facts.sourceFile} would not reach it; change the overlay`);
  }
  return ok({ file: facts.sourceFile, documentIndex: source.origin.documentIndex, op: { ...op, path: documentPointer(source.origin, mapped.value + rest) } });
}
