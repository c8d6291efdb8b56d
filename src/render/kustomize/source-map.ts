import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { getAtPointer, isObject } from '../../core/json.ts';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import { parseManifestText } from '../../manifest/parse.ts';
import type { ParsedFile, SourcedResource } from '../../manifest/types.ts';
import { resolveSteps, toSteps } from '../pointer-match.ts';
import type { FieldSource, SourceOperation } from '../types.ts';
import { kustomizationSetting } from './kustomization-fields.ts';
import type { KustomizationFile } from './kustomization-file.ts';
import type { KustomizeOrigin } from './origin-annotation.ts';
import type { PatchEntry } from './patch-entries.ts';
import { lastPatchRemoval, lastPatchSetting } from './patch-match.ts';
import { baseLevelValues, kustomizeSourceOperation } from './source-operation.ts';
import type { KustomizeSubject } from './source-operation.ts';
import { ownedStrings } from '../owned-values.ts';
import type { Outcome } from '../../core/outcome.ts';
import type { JsonPatchOperation } from '../../engine/types.ts';
import type { PatchSubject } from './patch-match.ts';

export interface KustomizeBuildFacts {
  /** Absolute temp tree the build ran in. */
  treeDir: string;
  /** Tree-relative directory of the kustomization built. */
  rootDir: string;
  patches: readonly PatchEntry[];
  kustomizations: readonly KustomizationFile[];
}

export interface RenderedWithOrigin {
  object: JsonObject;
  origin: KustomizeOrigin | undefined;
}

function str(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function nameOf(object: JsonValue): string | undefined {
  return isObject(object) && isObject(object['metadata']) ? str(object['metadata']['name']) : undefined;
}

/** The tree-relative source file of a resource, when it is a local file. */
function sourceFileOf(rootDir: string, origin: KustomizeOrigin | undefined): string | undefined {
  if (!origin?.path || origin.repo !== undefined) return undefined;
  const file = posix.normalize(posix.join(rootDir, origin.path));
  return file.startsWith('../') || file === '..' || file.startsWith('/') ? undefined : file;
}

async function parseSources(treeDir: string, files: Iterable<string>): Promise<Map<string, ParsedFile>> {
  const out = new Map<string, ParsedFile>();
  for (const file of files) {
    try {
      out.set(file, parseManifestText(file, await readFile(join(treeDir, file), 'utf8')));
    } catch {
      // An unreadable source only loses its mapping.
    }
  }
  return out;
}

/**
 * The source document of each rendered resource: same origin file and kind;
 * among several, the one whose name is contained in the rendered name
 * (namePrefix/nameSuffix only add to it), the longest such, else the one at the
 * same place among the resources of that file and kind.
 */
function matchDocuments(rendered: readonly RenderedWithOrigin[], files: readonly (string | undefined)[], parsed: ReadonlyMap<string, ParsedFile>): (SourcedResource | undefined)[] {
  const ordinal = new Map<string, number>();
  return rendered.map((item, index) => {
    const file = files[index];
    const source = file === undefined ? undefined : parsed.get(file);
    if (!source) return undefined;
    const kind = str(item.object['kind']);
    const candidates = source.resources.filter((resource) => str(resource.object['kind']) === kind);
    const key = `${file}\u0000${kind}`;
    const place = ordinal.get(key) ?? 0;
    ordinal.set(key, place + 1);
    if (candidates.length <= 1) return candidates[0];
    const renderedName = nameOf(item.object) ?? '';
    const byName = candidates
      .filter((candidate) => renderedName.includes(nameOf(candidate.object) ?? '\u0000'))
      .sort((a, b) => (nameOf(b.object) ?? '').length - (nameOf(a.object) ?? '').length);
    return byName[0] ?? candidates[place];
  });
}

/** How a rendered resource leads back to its sources: the place of a field, and where a change of it is written. */
export interface KustomizeSourceMap {
  sourceOf: (pointer: string) => FieldSource | undefined;
  sourceOperation: (op: JsonPatchOperation) => Outcome<SourceOperation>;
}

/** For each rendered resource, a function from a pointer to the place a person edits. */
export async function kustomizeSourceMaps(facts: KustomizeBuildFacts, rendered: readonly RenderedWithOrigin[]): Promise<KustomizeSourceMap[]> {
  const files = rendered.map((item) => sourceFileOf(facts.rootDir, item.origin));
  const parsed = await parseSources(facts.treeDir, new Set(files.filter((file): file is string => file !== undefined)));
  const sources = matchDocuments(rendered, files, parsed);
  return rendered.map((item, index) => {
    const source = sources[index];
    const subject: PatchSubject = { object: item.object };
    const sourceFile = files[index];
    if (sourceFile !== undefined) subject.sourceFile = sourceFile;
    if (source) {
      subject.source = source.object;
      const name = nameOf(source.object);
      if (name !== undefined) subject.sourceName = name;
    }
    let owned: ReadonlySet<string> | undefined;
    const subjectFacts: KustomizeSubject = {
      treeDir: facts.treeDir,
      patches: facts.patches,
      kustomizations: facts.kustomizations,
      subject,
      owned: () => (owned ??= source && sourceFile !== undefined ? ownedStrings(item.object, source.object, baseLevelValues(subjectFacts, sourceFile)) : new Set()),
    };
    if (source) subjectFacts.source = source;
    if (sourceFile !== undefined) subjectFacts.sourceFile = sourceFile;
    const sourceOf = (pointer: string): FieldSource | undefined => {
      const patched = lastPatchSetting(facts.patches, subject, pointer);
      if (patched) return patched;
      // a field an overlay's JSON patch removed is found where it is removed: that is what to change
      const removed = getAtPointer(item.object, pointer) === undefined ? lastPatchRemoval(facts.patches, subject, pointer) : undefined;
      if (removed) return removed;
      const steps = toSteps(item.object, pointer);
      if (source && sourceFile !== undefined && steps) {
        const inSource = resolveSteps(source.object, steps);
        const setting = kustomizationSetting(facts, item.object, source.object, pointer, inSource.complete ? inSource.pointer : undefined);
        if (setting) return setting;
        const range = source.origin.ranges.get(inSource.pointer);
        if (range) return { file: sourceFile, range };
      }
      return generatorSource(facts, item);
    };
    return { sourceOf, sourceOperation: (op: JsonPatchOperation) => kustomizeSourceOperation(subjectFacts, op) };
  });
}

/** A generated resource points at its generator's entry in the kustomization that declares it. */
function generatorSource(facts: KustomizeBuildFacts, item: RenderedWithOrigin): FieldSource | undefined {
  const configuredIn = item.origin?.configuredIn;
  if (configuredIn === undefined) return undefined;
  const file = posix.normalize(posix.join(facts.rootDir, configuredIn));
  const kustomization = facts.kustomizations.find((k) => posix.normalize(k.path.slice(facts.treeDir.length + 1)) === file);
  if (!kustomization) return undefined;
  const name = nameOf(item.object) ?? '';
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    const list = kustomization.doc.value[field];
    if (!Array.isArray(list)) continue;
    const index = list.findIndex((entry) => isObject(entry) && typeof entry['name'] === 'string' && name.includes(entry['name']));
    const range = index === -1 ? undefined : kustomization.doc.ranges.get(`/${field}/${index}`);
    if (range) return { file, range };
  }
  const range = kustomization.doc.ranges.get('');
  return range ? { file, range } : undefined;
}
