import { Scalar } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from '../core/yaml-guards.ts';
import type { Document, Pair } from 'yaml';
import { eachNode } from './each-node.ts';
import type { Layout } from './render-value.ts';
import { column, dashOffset } from './yaml-source.ts';

function mostCommon(counts: Map<number, number>): number | undefined {
  let best: number | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

const bump = (counts: Map<number, number>, value: number): void => {
  counts.set(value, (counts.get(value) ?? 0) + 1);
};

interface Evidence {
  units: Map<number, number>;
  offsets: Map<number, number>;
  single: number;
  double: number;
}

/** What a mapping entry says of the layout: the indent of its block mapping value, or the offset of its block list's `-`. */
function pairEvidence(text: string, pair: Pair<unknown, unknown>, evidence: Evidence): void {
  if (!isScalar(pair.key) || !pair.key.range) return;
  const keyColumn = column(text, pair.key.range[0]);
  const value = pair.value;
  if (isMap(value) && !value.flow) {
    const first = value.items[0]?.key;
    if (isScalar(first) && first.range) {
      const unit = column(text, first.range[0]) - keyColumn;
      if (unit > 0) bump(evidence.units, unit);
    }
  } else if (isSeq(value) && !value.flow) {
    const dash = dashOffset(value, 0);
    if (dash !== undefined) {
      const offset = column(text, dash) - keyColumn;
      if (offset >= 0) bump(evidence.offsets, offset);
    }
  }
}

const { QUOTE_SINGLE, QUOTE_DOUBLE } = Scalar;

function gather(text: string, doc: Document.Parsed): Evidence {
  const evidence: Evidence = { units: new Map(), offsets: new Map(), single: 0, double: 0 };
  eachNode(doc.contents, (node) => {
    if (isPair(node)) pairEvidence(text, node, evidence);
    else if (isScalar(node)) {
      if (node.type === QUOTE_SINGLE) evidence.single++;
      else if (node.type === QUOTE_DOUBLE) evidence.double++;
    }
  });
  return evidence;
}

/**
 * The indentation and quoting to write new YAML with, read from the target document
 * (the file's other documents where it has no evidence): the most common indent of a
 * nested block mapping, the most common offset of a block sequence's `-` from its
 * key, and the more used quote. Without any evidence: 2 spaces, non-indented
 * sequences (as kubectl writes them) and double quotes.
 */
export function detectLayout(text: string, docs: readonly Document.Parsed[], target: number, json: boolean): Layout {
  const own = docs[target] ? gather(text, docs[target]) : undefined;
  // the other documents are read only when the target has no evidence of its own
  let everyDoc: Evidence[] | undefined;
  const all = (): Evidence[] => (everyDoc ??= docs.map((doc, i) => (i === target && own ? own : gather(text, doc))));
  const pick = (field: 'units' | 'offsets'): number | undefined => {
    const local = own ? mostCommon(own[field]) : undefined;
    if (local !== undefined) return local;
    const merged = new Map<number, number>();
    for (const e of all()) for (const [value, count] of e[field]) merged.set(value, (merged.get(value) ?? 0) + count);
    return mostCommon(merged);
  };
  const single = own && own.single + own.double > 0 ? own.single : all().reduce((n, e) => n + e.single, 0);
  const double = own && own.single + own.double > 0 ? own.double : all().reduce((n, e) => n + e.double, 0);
  return { unit: pick('units') ?? 2, seqOffset: pick('offsets') ?? 0, quote: single > double ? 'single' : 'double', json };
}
