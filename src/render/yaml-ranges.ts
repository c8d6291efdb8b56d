import { parseAllDocuments } from 'yaml';
import { isObject } from '../core/json.ts';
import type { JsonValue } from '../core/json.ts';
import { buildLineIndex } from '../manifest/line-index.ts';
import { walkRanges } from '../manifest/pointer-ranges.ts';
import { yamlOptions } from '../manifest/yaml-options.ts';
import type { Range } from '../manifest/types.ts';

/** A YAML document that need not be a Kubernetes resource (kustomization, JSON 6902 patch, values file). */
export interface RangedDocument {
  value: JsonValue;
  ranges: ReadonlyMap<string, Range>;
  /** Index of the document in the YAML stream, empty documents counted (as edits count them). */
  index: number;
}

const MAX_DEPTH = 200;

/**
 * All non-empty, error-free documents of a YAML text with a pointer -> range
 * map each. `lineOffset` shifts every line (for YAML embedded in a block
 * scalar of another file). Never throws; an unreadable text gives [].
 */
export function parseRangedDocuments(text: string, lineOffset = 0, columnOffset = 0): RangedDocument[] {
  try {
    const lines = buildLineIndex(text);
    const out: RangedDocument[] = [];
    let index = -1;
    for (const doc of parseAllDocuments(text, yamlOptions('kubernetes'))) {
      index++;
      if (!('errors' in doc) || doc.errors.length > 0 || doc.contents === null) continue;
      const value = doc.toJS({ maxAliasCount: 100 }) as JsonValue;
      const walk = walkRanges(doc.contents, lines, { maxDepth: MAX_DEPTH, merge: true });
      const ranges = lineOffset === 0 && columnOffset === 0 ? walk.ranges : shift(walk.ranges, lineOffset, columnOffset);
      out.push({ value, ranges, index });
    }
    return out;
  } catch {
    return [];
  }
}

function shift(ranges: ReadonlyMap<string, Range>, lines: number, columns: number): Map<string, Range> {
  const out = new Map<string, Range>();
  for (const [pointer, range] of ranges) {
    out.set(pointer, {
      start: { line: range.start.line + lines, column: range.start.column + columns },
      end: { line: range.end.line + lines, column: range.end.column + columns },
    });
  }
  return out;
}

/** The first document's value when it is a mapping. */
export function firstMapping(docs: readonly RangedDocument[]): (RangedDocument & { value: Record<string, JsonValue> }) | undefined {
  const first = docs[0];
  return first && isObject(first.value) ? (first as RangedDocument & { value: Record<string, JsonValue> }) : undefined;
}
