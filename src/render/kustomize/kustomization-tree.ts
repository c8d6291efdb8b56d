import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { isObject } from '../../core/json.ts';
import type { JsonValue } from '../../core/json.ts';
import { looksRemote, readKustomization, stringEntries } from './kustomization-file.ts';
import { fileReferences, inside, isInlineEntry, isUrlLike, outsideTree, readsHost } from './references.ts';
import type { KustomizationFile } from './kustomization-file.ts';
import { readPatches } from './patch-entries.ts';
import type { PatchEntry } from './patch-entries.ts';
import { appendAll } from '../../core/append-all.ts';

/** What to do about a remote base or file: preadmit never fetches (there is no setting that would). */
const NOT_FETCHED = 'preadmit renders without network access. Vendor it into the repository (copy the base, or run `kustomize localize`) and refer to the local copy, so it is checked too.';

/**
 * What a kustomize build reads, found by walking the kustomization and,
 * transitively, its local resources/bases/components before kustomize runs.
 */
export interface KustomizationTree {
  /** Patches in the order kustomize applies them (the last one to set a field wins). */
  patches: PatchEntry[];
  /** Every kustomization file read, tree-relative. */
  kustomizations: KustomizationFile[];
  /** Remote entries found (each a located message); refused unless allowed. */
  remote: string[];
  /** References that are never rendered (each a located message): outside the tree, or reading the machine (file://). */
  refused: string[];
  /** Entries that name nothing in the tree (each a located message). */
  missing: string[];
  /**
   * Files named from outside their kustomization's directory (each a located message): kustomize's
   * load restrictor refuses them unless the build lifts it.
   */
  aboveRoot: string[];
}

interface Walk {
  treeDir: string;
  tree: KustomizationTree;
  visiting: Set<string>;
  /** Tree-relative links left out of the copy (they led out of it): what goes through them is refused as such. */
  linksLeftOut: readonly string[];
}

/** Why a reference through a link left out of the copy is never rendered, or undefined. */
function throughLeftOutLink(walk: Walk, dir: string, entry: string): string | undefined {
  const rel = treeRelative(walk.treeDir, resolve(dir, entry));
  return walk.linksLeftOut.some((link) => rel === link || rel.startsWith(`${link}/`)) ? 'leads out of the repository through a symbolic link' : undefined;
}

async function kindOf(path: string): Promise<'file' | 'dir' | undefined> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

export function treeRelative(treeDir: string, path: string): string {
  const rel = relative(treeDir, path);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

/**
 * Does the reference at `pointer` name a file or directory the build reads from the repository?
 * A Helm chart's repository and the chart and config homes are left out: kustomize fills
 * those itself (pulling a chart), so one missing is no mistake in the kustomization.
 */
const namesLocalFile = (pointer: string): boolean => !pointer.startsWith('/helmGlobals/') && !/^\/helmCharts\/\d+\/repo$/.test(pointer);

/** The kustomization field a reference sits in, as a person names it: `configurations`, `patches`, `secretGenerator files`. */
const referenceField = (pointer: string): string =>
  pointer
    .split('/')
    .filter((segment) => segment !== '' && !/^\d+$/.test(segment) && segment !== 'path')
    .join(' ');

const ABOVE_ROOT = "is a file outside the kustomization's directory, which kustomize does not read by default";

/** Walk the kustomization in `dir` (absolute, inside `treeDir`). Never throws. */
export async function walkKustomizations(treeDir: string, dir: string, linksLeftOut: readonly string[] = []): Promise<KustomizationTree> {
  const walk: Walk = { treeDir, tree: { patches: [], kustomizations: [], remote: [], refused: [], missing: [], aboveRoot: [] }, visiting: new Set(), linksLeftOut };
  try {
    await visit(walk, dir, new Set(), undefined);
  } catch (error) {
    // A kustomization that cannot be walked cannot be vouched for: it is not rendered.
    walk.tree.refused.push(`${treeRelative(treeDir, dir)}: its kustomizations could not be read before rendering (${error instanceof Error ? error.message : String(error)})`);
  }
  return walk.tree;
}

/**
 * Visit one kustomization. `files` collects the resource files it (transitively)
 * accumulates: its patches apply to those. A component's patches apply to what
 * the including kustomization accumulated, so they get `parentFiles`.
 */
async function visit(walk: Walk, dir: string, files: Set<string>, parentFiles: Set<string> | undefined): Promise<void> {
  if (walk.visiting.has(dir)) return;
  walk.visiting.add(dir);
  const kustomization = await readKustomization(dir);
  if (!kustomization) return;
  walk.tree.kustomizations.push(kustomization);
  const value = kustomization.doc.value;
  const fileRel = treeRelative(walk.treeDir, kustomization.path);
  for (const field of ['resources', 'bases', 'components'] as const) {
    for (const { entry, index } of stringEntries(value[field])) {
      const at = (): string => {
        const range = kustomization.doc.ranges.get(`/${field}/${index}`);
        return range ? `${fileRel}:${range.start.line}:${range.start.column}` : fileRel;
      };
      if (readsHost(entry)) {
        walk.tree.refused.push(`${at()}: "${entry}" reads the machine preadmit runs on and is never rendered; refer to a directory of the repository instead`);
        continue;
      }
      const target = resolve(dir, entry);
      const outside = outsideTree(walk.treeDir, dir, entry) ?? throughLeftOutLink(walk, dir, entry);
      if (outside !== undefined && (!isUrlLike(entry) || (await kindOf(target)) !== undefined)) {
        walk.tree.refused.push(`${at()}: "${entry}" ${outside} and is never rendered; only files of the repository are`);
        continue;
      }
      const kind = await kindOf(target);
      if (kind === 'file') {
        files.add(treeRelative(walk.treeDir, target));
        if (!inside(dir, target)) walk.tree.aboveRoot.push(`${at()}: ${field} entry "${entry}" ${ABOVE_ROOT}`);
      } else if (kind === 'dir') {
        const childFiles = new Set<string>();
        await visit(walk, target, childFiles, field === 'components' ? files : undefined);
        for (const file of childFiles) files.add(file);
      } else if (looksRemote(entry) || isUrlLike(entry)) {
        const range = kustomization.doc.ranges.get(`/${field}/${index}`);
        const where = range ? `${fileRel}:${range.start.line}:${range.start.column}` : fileRel;
        walk.tree.remote.push(
          `${where}: remote ${field === 'components' ? 'component' : 'resource'} "${entry}" is not fetched: ${NOT_FETCHED}`,
        );
      } else {
        walk.tree.missing.push(`${at()}: ${field} entry "${entry}" does not exist in the repository; fix the path or add the file`);
      }
    }
  }
  for (const { pointer, entry } of fileReferences(value)) {
    const range = kustomization.doc.ranges.get(pointer);
    const where = range ? `${fileRel}:${range.start.line}:${range.start.column}` : fileRel;
    if (readsHost(entry)) {
      walk.tree.refused.push(`${where}: "${entry}" reads the machine preadmit runs on and is never rendered`);
    } else if (isUrlLike(entry) && (await kindOf(resolve(dir, entry))) === undefined) {
      walk.tree.remote.push(`${where}: remote file "${entry}" is not fetched: ${NOT_FETCHED}`);
    } else {
      const outside = outsideTree(walk.treeDir, dir, entry) ?? throughLeftOutLink(walk, dir, entry);
      if (outside !== undefined) walk.tree.refused.push(`${where}: "${entry}" ${outside} and is never rendered; only files of the repository are`);
      else if (namesLocalFile(pointer) && !isInlineEntry(entry) && !isUrlLike(entry)) {
        const kind = await kindOf(resolve(dir, entry));
        if (kind === undefined) walk.tree.missing.push(`${where}: ${referenceField(pointer)} entry "${entry}" does not exist in the repository; fix the path or add the file`);
        else if (kind === 'file' && !inside(dir, resolve(dir, entry))) walk.tree.aboveRoot.push(`${where}: ${referenceField(pointer)} entry "${entry}" ${ABOVE_ROOT}`);
      }
    }
  }
  const scope = parentFiles ?? files;
  appendAll(walk.tree.patches, (await readPatches(walk.treeDir, kustomization, scope)));
}
