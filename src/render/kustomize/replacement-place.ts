import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import type { Range } from '../../manifest/types.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { onlyPlace } from './error-place.ts';
import type { KustomizationFile } from './kustomization-file.ts';
import { treeRelative } from './kustomization-tree.ts';
import { outsideTree } from './references.ts';

/** One replacement of a kustomization (inline, or in a file its `replacements[].path` names), with its positions. */
export interface ReplacementEntry {
  /** Tree-relative file holding the replacement. */
  file: string;
  value: JsonObject;
  /** Pointer of the replacement in that file's document. */
  pointer: string;
  ranges: ReadonlyMap<string, Range>;
}

/** Every replacement the kustomizations declare; files that cannot be read are left out (kustomize reports them). */
export async function readReplacements(treeDir: string, kustomizations: readonly KustomizationFile[]): Promise<ReplacementEntry[]> {
  const out: ReplacementEntry[] = [];
  for (const kustomization of kustomizations) {
    const list = kustomization.doc.value['replacements'];
    if (!isArray(list)) continue;
    for (const [index, item] of list.entries()) {
      if (!isObject(item)) continue;
      const path = item['path'];
      if (typeof path !== 'string') {
        out.push({ file: treeRelative(treeDir, kustomization.path), value: item, pointer: `/replacements/${index}`, ranges: kustomization.doc.ranges });
        continue;
      }
      const dir = dirname(kustomization.path);
      if (outsideTree(treeDir, dir, path) !== undefined) continue;
      const absolute = resolve(dir, path);
      let text: string;
      try {
        text = await readFile(absolute, 'utf8');
      } catch {
        continue;
      }
      // a replacement file holds one replacement, or a list of them
      for (const doc of parseRangedDocuments(text)) {
        const items: [JsonValue, string][] = isArray(doc.value) ? doc.value.map((v, i) => [v, `/${i}`]) : [[doc.value, '']];
        for (const [value, pointer] of items) if (isObject(value)) out.push({ file: treeRelative(treeDir, absolute), value, pointer, ranges: doc.ranges });
      }
    }
  }
  return out;
}

/** kustomize's resource id `Kind.version.group/name.namespace`, unset parts as `[noKind]`, `[noName]` …; the name may hold dots. */
const RESID = String.raw`([^.\s"]+)\.[^/\s"]*\/(\S+)\.[^.:\s"]+`;

const sameOrUnset = (written: JsonValue | undefined, said: string): boolean => (said.startsWith('[no') ? written === undefined : written === said);

function at(entry: ReplacementEntry, pointers: readonly string[]): string | undefined {
  for (const pointer of pointers) {
    const range = entry.ranges.get(entry.pointer + pointer);
    if (range) return `${entry.file}:${range.start.line}:${range.start.column}`;
  }
  return undefined;
}

/**
 * Where in the repository a kustomize build error about a replacement points, as a
 * `file:line:column` for the error's prefix:
 *
 * - `nothing selected by Kind…/name…:fieldPath` and `multiple matches for selector …`: the
 *   source (its name, else its kind) that selects by that kind and name;
 * - ``fieldPath `x` is missing for replacement source …``: that source's fieldPath;
 * - `unable to find field "x" in replacement target`: the target fieldPaths entry `x`.
 *
 * undefined when the error is none of these, or no single replacement of the build fits it.
 */
export function replacementErrorPlace(error: string, entries: readonly ReplacementEntry[]): string | undefined {
  const source = (entry: ReplacementEntry): JsonObject | undefined => (isObject(entry.value['source']) ? entry.value['source'] : undefined);
  const selected = new RegExp(`(?:nothing selected by|multiple matches for selector) ${RESID}:([^\\s"]*)`).exec(error);
  if (selected) {
    const [, kind = '', name = '', fieldPath = ''] = selected;
    return onlyPlace(
      entries.map((entry) => {
        const s = source(entry);
        if (!s || !sameOrUnset(s['kind'], kind) || !sameOrUnset(s['name'], name)) return undefined;
        if ((s['fieldPath'] ?? 'metadata.name') !== fieldPath) return undefined;
        return at(entry, ['/source/name', '/source/kind', '/source']);
      }),
    );
  }
  const missingField = new RegExp(`fieldPath \`([^\`]*)\` is missing for replacement source ${RESID}`).exec(error);
  if (missingField) {
    const [, fieldPath, kind = '', name = ''] = missingField;
    return onlyPlace(
      entries.map((entry) => {
        const s = source(entry);
        if (!s || s['fieldPath'] !== fieldPath || !sameOrUnset(s['kind'], kind) || !sameOrUnset(s['name'], name)) return undefined;
        return at(entry, ['/source/fieldPath']);
      }),
    );
  }
  const unfound = /unable to find field "([^"]*)" in replacement target/.exec(error);
  if (unfound) {
    const field = unfound[1];
    return onlyPlace(
      entries.flatMap((entry) => {
        const targets = entry.value['targets'];
        if (!isArray(targets)) return [];
        return targets.flatMap((target, t) => {
          const paths = isObject(target) ? target['fieldPaths'] : undefined;
          if (!isArray(paths)) return [];
          return paths.flatMap((path, p) => (path === field ? [at(entry, [`/targets/${t}/fieldPaths/${p}`])] : []));
        });
      }),
    );
  }
  return undefined;
}
