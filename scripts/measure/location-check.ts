/**
 * Whether a finding sits on the line of its field (or of the deepest parent its source
 * has), judged from the source file alone: the line must start a node whose keys lead into
 * the finding's JSON pointer and hold no deeper part of it. Kustomization entries
 * (commonLabels, images, generators …) and values files count when the line's key is one of
 * the pointer's keys.
 */
import { basename } from 'node:path';
import { fromPointer, getAtPointer, isObject } from '../../src/core/json.ts';
import { parseRangedDocuments } from '../../src/render/yaml-ranges.ts';

export interface LocatedFinding {
  file: string;
  line: number;
  path: string;
}

const isIndex = (segment: string): boolean => /^\d+$/.test(segment);
const keysOf = (segments: readonly string[]): string[] => segments.filter((s) => !isIndex(s));

const KUSTOMIZATION = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
const TRANSFORMER = /^\/(namePrefix|nameSuffix|namespace|images|replicas|configMapGenerator|secretGenerator|commonLabels|labels|commonAnnotations|resources|components|helmCharts)(\/|$)/;

/** Pointers of nodes whose range starts on `line`, per document. */
function startingAt(text: string, line: number): { value: unknown; pointers: string[] }[] {
  return parseRangedDocuments(text).map((doc) => ({
    value: doc.value,
    pointers: [...doc.ranges].filter(([, range]) => range.start.line === line).map(([pointer]) => pointer),
  }));
}

/**
 * The operation of a JSON 6902 patch (a patch file, or a patch inline in a kustomization) whose
 * text holds the line: its `path`, when the line is its `- op:`, `path:` or `value:` line.
 */
function json6902PathAt(text: string, line: number): string | undefined {
  const lines = text.split('\n');
  const at = line - 1;
  if (!/^\s*(- )?(op|path|value|from):/.test(lines[at] ?? '')) return undefined;
  let start = at;
  while (start >= 0 && at - start < 8 && !/^\s*- op:/.test(lines[start] ?? '')) start--;
  if (start < 0 || !/^\s*- op:/.test(lines[start] ?? '')) return undefined;
  for (let i = start; i < lines.length && i - start < 8; i++) {
    if (i > start && /^\s*- op:/.test(lines[i] ?? '')) break;
    const match = /^\s*(?:- )?path:\s*["']?([^"'\s]+)/.exec(lines[i] ?? '');
    if (match) return match[1];
  }
  return undefined;
}

export function onFieldLine(finding: LocatedFinding, text: string, chartFile: boolean): boolean {
  // a JSON patch operation that sets or removes the field, or a field above it, is where it is changed
  const patched = json6902PathAt(text, finding.line);
  if (patched !== undefined && (finding.path === patched || finding.path.startsWith(patched + '/'))) return true;
  const path = fromPointer(finding.path);
  const docs = startingAt(text, finding.line);
  const candidates = docs.flatMap((doc) => doc.pointers.map((pointer) => ({ pointer, value: doc.value })));
  if (candidates.length === 0) return false;
  if (KUSTOMIZATION.has(basename(finding.file))) return candidates.some((c) => TRANSFORMER.test(c.pointer));
  if (chartFile) {
    // values file: the line's key is one of the pointer's keys (values keys need not match the resource's)
    const keys = new Set(keysOf(path));
    return candidates.some((c) => {
      const last = fromPointer(c.pointer).at(-1);
      return last === undefined || isIndex(last) || keys.has(last);
    });
  }
  return candidates.some(({ pointer, value }) => deepestOnPath(path, fromPointer(pointer), getAtPointer(value as never, pointer)));
}

/** Is the node at `at` (holding `node`) the deepest part of `path` the document has? */
function deepestOnPath(path: readonly string[], at: readonly string[], node: unknown): boolean {
  const want = keysOf(path);
  const have = keysOf(at);
  if (have.length > want.length || have.some((key, i) => key !== want[i])) return false;
  let j = 0;
  for (let keys = 0; j < path.length && keys < have.length; j++) if (!isIndex(path[j] ?? '')) keys++;
  const isItem = at.length > 0 && isIndex(at[at.length - 1] ?? '');
  if (isItem) {
    if (!isIndex(path[j] ?? '')) return false;
    j++;
  }
  const deeper = path[j];
  if (deeper === undefined) return true;
  if (isIndex(deeper)) return isItem || !(Array.isArray(node) && node.length > Number(deeper));
  return !(isObject(node) && deeper in node);
}
