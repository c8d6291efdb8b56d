import { readFile } from 'node:fs/promises';
import { isInlineEntry, outsideTree } from './references.ts';
import { dirname, relative, resolve, sep } from 'node:path';
import { isObject } from '../../core/json.ts';
import type { JsonValue } from '../../core/json.ts';
import type { Range } from '../../manifest/types.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import type { RangedDocument } from '../yaml-ranges.ts';
import type { KustomizationFile } from './kustomization-file.ts';

/** kustomize's patch target selector. */
export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** One patch of a kustomization, with its text's positions in the file a person edits. */
export interface PatchEntry {
  /** Tree-relative file holding the patch text (the kustomization itself for inline patches). */
  file: string;
  format: 'strategic-merge' | 'json6902';
  /** Strategic merge: one document per patched object. JSON 6902: one document, a list of operations. */
  docs: RangedDocument[];
  /** Explicit target; without it a strategic merge patch targets its own kind and name. */
  target?: PatchTarget;
  /** Tree-relative resource files the patch can reach. */
  scope: ReadonlySet<string>;
  /** The patch text is a string inside the kustomization (not a file of its own). */
  inline?: true;
}

function rel(treeDir: string, path: string): string {
  return relative(treeDir, path).split(sep).join('/');
}

function readTarget(value: JsonValue | undefined): PatchTarget | undefined {
  if (!isObject(value)) return undefined;
  const target: PatchTarget = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    const field = value[key];
    if (typeof field === 'string') target[key] = field;
  }
  return target;
}

/** Where the text of an inline patch starts: the line after a block scalar indicator, at its indentation. */
function inlineOffset(text: string, range: Range | undefined): { lines: number; columns: number } {
  if (!range) return { lines: 0, columns: 0 };
  const fileLines = text.split('\n');
  const first = fileLines[range.start.line - 1] ?? '';
  if (/[|>][-+0-9]*\s*(#.*)?$/.test(first)) {
    const next = fileLines.slice(range.start.line).find((line) => line.trim() !== '') ?? '';
    return { lines: range.start.line, columns: next.length - next.trimStart().length };
  }
  return { lines: range.start.line - 1, columns: 0 };
}

async function fromFile(treeDir: string, dir: string, path: string): Promise<{ file: string; docs: RangedDocument[] } | undefined> {
  const absolute = resolve(dir, path);
  // Never read outside the temporary tree (the walk refuses such a patch; this holds on its own too).
  if (outsideTree(treeDir, dir, path) !== undefined) return undefined;
  try {
    return { file: rel(treeDir, absolute), docs: parseRangedDocuments(await readFile(absolute, 'utf8')) };
  } catch {
    return undefined;
  }
}

function inline(treeDir: string, kustomization: KustomizationFile, text: string, pointer: string): { file: string; docs: RangedDocument[]; inline: true } {
  const offset = inlineOffset(kustomization.text, kustomization.doc.ranges.get(pointer));
  return { file: rel(treeDir, kustomization.path), docs: parseRangedDocuments(text, offset.lines, offset.columns), inline: true };
}

function formatOf(docs: readonly RangedDocument[]): PatchEntry['format'] {
  return Array.isArray(docs[0]?.value) ? 'json6902' : 'strategic-merge';
}

/**
 * The patches declared by one kustomization, in kustomize's order:
 * patchesStrategicMerge, then patches, then patchesJson6902. Files that cannot
 * be read are left out (kustomize reports them itself).
 */
export async function readPatches(treeDir: string, kustomization: KustomizationFile, scope: ReadonlySet<string>): Promise<PatchEntry[]> {
  const dir = dirname(kustomization.path);
  const value = kustomization.doc.value;
  const out: PatchEntry[] = [];
  const push = (source: { file: string; docs: RangedDocument[]; inline?: true } | undefined, format: PatchEntry['format'] | undefined, target: PatchTarget | undefined): void => {
    if (!source || source.docs.length === 0) return;
    const entry: PatchEntry = { file: source.file, format: format ?? formatOf(source.docs), docs: source.docs, scope };
    if (target) entry.target = target;
    if (source.inline) entry.inline = true;
    out.push(entry);
  };
  const smp = value['patchesStrategicMerge'];
  if (Array.isArray(smp)) {
    for (const [index, item] of smp.entries()) {
      if (typeof item !== 'string') continue;
      push(isInlineEntry(item) ? inline(treeDir, kustomization, item, `/patchesStrategicMerge/${index}`) : await fromFile(treeDir, dir, item), 'strategic-merge', undefined);
    }
  }
  const patches = value['patches'];
  if (Array.isArray(patches)) {
    for (const [index, item] of patches.entries()) {
      if (!isObject(item)) continue;
      const target = readTarget(item['target']);
      if (typeof item['path'] === 'string') push(await fromFile(treeDir, dir, item['path']), undefined, target);
      else if (typeof item['patch'] === 'string') push(inline(treeDir, kustomization, item['patch'], `/patches/${index}/patch`), undefined, target);
    }
  }
  const json6902 = value['patchesJson6902'];
  if (Array.isArray(json6902)) {
    for (const [index, item] of json6902.entries()) {
      if (!isObject(item)) continue;
      const target = readTarget(item['target']);
      if (typeof item['path'] === 'string') push(await fromFile(treeDir, dir, item['path']), 'json6902', target);
      else if (typeof item['patch'] === 'string') push(inline(treeDir, kustomization, item['patch'], `/patchesJson6902/${index}/patch`), 'json6902', target);
    }
  }
  return out;
}
