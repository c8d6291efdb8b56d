import { isMap, isPair, isScalar, isSeq } from '../core/yaml-guards.ts';
import type { Document, LineCounter, Node } from 'yaml';
import { fromPointer } from '../core/json.ts';
import type { Range } from '../manifest/types.ts';

/**
 * The range of the key that holds the value at a JSON pointer (for a sequence item, the
 * item itself); with `childKey`, the range of that key inside the mapping at the pointer.
 * Falls back to the nearest ancestor found, then to the document start.
 */
export function locateKey(doc: Document, lines: LineCounter, pointer: string, childKey?: string): Range {
  const segments = fromPointer(pointer);
  if (childKey !== undefined) segments.push(childKey);
  let node: unknown = doc.contents;
  let best: Node | undefined = isNode(node) ? node : undefined;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (pair === undefined) break;
      if (isNode(pair.key)) best = pair.key;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (!isNode(item)) break;
      best = item;
      node = item;
    } else {
      break;
    }
  }
  const [start, end] = best?.range ?? [0, 0];
  return { start: position(lines, start), end: position(lines, end) };
}

export function position(lines: LineCounter, offset: number): Range['start'] {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value);
}
