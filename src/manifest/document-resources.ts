import { isScalar } from 'yaml';
import type { Document } from 'yaml';
import { isObject } from '../core/json.ts';
import type { JsonObject } from '../core/json.ts';
import type { LineIndex } from './line-index.ts';
import { expandList, isListObject } from './list-items.ts';
import type { ResolvedLimits } from './parse-options.ts';
import { walkRanges } from './pointer-ranges.ts';
import { problemAt } from './problems.ts';
import type { ManifestOrigin, ParseProblem, SourcedResource } from './types.ts';

export interface DocumentRead {
  resources: SourcedResource[];
  skipped: number;
  problems: ParseProblem[];
}

export interface DocumentContext {
  file: string;
  documentIndex: number;
  lines: LineIndex;
  limits: ResolvedLimits;
  merge: boolean;
}

const EMPTY: DocumentRead = { resources: [], skipped: 0, problems: [] };

/** Turn one composed YAML document into resources with origins, or a problem. */
export function readDocument(doc: Document.Parsed, ctx: DocumentContext): DocumentRead {
  const { file, lines, limits } = ctx;
  const firstError = doc.errors[0];
  if (firstError) {
    return { ...EMPTY, problems: [problemAt(file, lines, firstError.pos[0], `Invalid YAML: ${firstError.message}`)] };
  }
  const root = doc.contents;
  // An empty document (nothing, only comments, or an explicit null) is ignored.
  if (root === null || (isScalar(root) && root.value === null)) return EMPTY;
  const walk = walkRanges(root, lines, { maxDepth: limits.maxDepth, merge: ctx.merge });
  if (walk.tooDeep !== undefined) {
    return { ...EMPTY, problems: [problemAt(file, lines, walk.tooDeep, tooDeepMessage(limits.maxDepth))] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const aliasBomb = /alias/i.test(reason);
    const message = aliasBomb
      ? `YAML aliases expand to more than ${limits.maxAliasCount} nodes; refusing to expand them (possible "billion laughs" alias bomb).`
      : `Could not read this YAML document: ${reason}`;
    const at = walk.firstAlias ?? root.range[0];
    return { ...EMPTY, problems: [problemAt(file, lines, at, message)] };
  }
  const origin: ManifestOrigin = {
    file,
    documentIndex: ctx.documentIndex,
    documentRange: lines.range(doc.range[0], walk.end ?? root.range[1]),
    ranges: walk.ranges,
  };
  if (!isObject(value)) return { ...EMPTY, skipped: 1 };
  if (isListObject(value)) return expandList(value, origin);
  if (!isResource(value)) return { ...EMPTY, skipped: 1 };
  return { ...EMPTY, resources: [{ object: value, origin }] };
}

export function isResource(value: JsonObject): boolean {
  return typeof value['apiVersion'] === 'string' && typeof value['kind'] === 'string';
}

export function tooDeepMessage(maxDepth: number): string {
  return `Nesting deeper than ${maxDepth} levels; this is not read as a Kubernetes manifest (the limit guards against stack exhaustion).`;
}
