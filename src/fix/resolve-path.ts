import { visit } from 'yaml';
import { isAlias, isMap, isSeq } from '../core/yaml-guards.ts';
import type { Document, Node, YAMLMap, YAMLSeq } from 'yaml';
import { toPointer } from '../core/json.ts';
import { eachNode } from './each-node.ts';
import { asNode, hasMergeKey, ownPairIndex, type Collection } from './yaml-source.ts';

/** Where a node sits: the document root, a mapping entry, or a sequence item. */
export type Slot =
  | { kind: 'root' }
  | { kind: 'pair'; map: YAMLMap<unknown, unknown>; index: number; up: Slot }
  | { kind: 'item'; seq: YAMLSeq<unknown>; index: number; up: Slot };

export type Resolved =
  /** `sharedInside`: an anchor inside the node that an alias elsewhere uses (the node cannot be rewritten). */
  | { kind: 'found'; slot: Slot; node: Node | null; sharedInside: string | undefined }
  /** segments[depth] is absent from `container` (its `index` when a sequence). */
  | { kind: 'missing'; container: Collection; slot: Slot; depth: number; index: number; inherited: boolean }
  | { kind: 'problem'; message: string };

const INDEX = /^-?\d+$/;

/** sharedAnchors by document: parsed documents are never modified, and one is resolved for every operation of its fixes. */
const anchorsOf = new WeakMap<Document.Parsed, ReadonlySet<string>>();

/** Anchors that some alias of the document refers to. */
function sharedAnchors(doc: Document.Parsed): ReadonlySet<string> {
  const known = anchorsOf.get(doc);
  if (known) return known;
  const shared = new Set<string>();
  anchorsOf.set(doc, shared);
  eachNode(doc.contents, (node) => {
    if (isAlias(node)) shared.add(node.source);
  });
  return shared;
}

/** The pointer of the first `depth` segments, for a message (written only when there is a problem). */
const pointerTo = (segments: readonly string[], depth: number): string => toPointer(segments.slice(0, depth)) || '/';

function sharedProblem(node: Node | null, segments: readonly string[], depth: number, shared: ReadonlySet<string>): Resolved | undefined {
  const anchor = node && !isAlias(node) ? node.anchor : undefined;
  if (anchor === undefined || !shared.has(anchor)) return undefined;
  return { kind: 'problem', message: `${pointerTo(segments, depth)} is anchored as &${anchor} and used through an alias; editing it would change every place that uses it` };
}

function anchorInside(node: Node | null, shared: ReadonlySet<string>): string | undefined {
  let found: string | undefined;
  if (node === null || shared.size === 0) return undefined;
  visit(node, {
    Node(_key, inner) {
      if (!isAlias(inner) && inner.anchor !== undefined && shared.has(inner.anchor)) {
        found = inner.anchor;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Follow JSON pointer segments through a document's nodes (negative indices count from
 * the end). Going through an alias, or through a node an alias refers to, is a problem:
 * the text of one node is shared by several places of the resource.
 */
export function resolvePath(doc: Document.Parsed, segments: readonly string[]): Resolved {
  let slot: Slot = { kind: 'root' };
  let node: Node | null = asNode(doc.contents);
  const shared = sharedAnchors(doc);
  for (const [depth, segment] of segments.entries()) {
    const anchored = sharedProblem(node, segments, depth, shared);
    if (anchored) return anchored;
    if (isAlias(node)) {
      return { kind: 'problem', message: `the path goes through the alias *${node.source} at ${pointerTo(segments, depth)}; the anchored node is shared` };
    }
    if (isMap(node)) {
      const index = ownPairIndex(node, segment);
      if (index === -1) return { kind: 'missing', container: node, slot, depth, index: node.items.length, inherited: hasMergeKey(node) };
      slot = { kind: 'pair', map: node, index, up: slot };
      node = asNode(node.items[index]?.value);
      continue;
    }
    if (isSeq(node)) {
      const length = node.items.length;
      let index = segment === '-' ? length : INDEX.test(segment) ? Number(segment) : Number.NaN;
      if (Number.isNaN(index)) return { kind: 'problem', message: `"${segment}" is not an index of the list at ${pointerTo(segments, depth)}` };
      if (index < 0) index += length;
      if (index < 0 || index >= length) return { kind: 'missing', container: node, slot, depth, index, inherited: false };
      slot = { kind: 'item', seq: node, index, up: slot };
      node = asNode(node.items[index]);
      continue;
    }
    return { kind: 'problem', message: `${pointerTo(segments, depth)} is not a mapping or a list` };
  }
  return sharedProblem(node, segments, segments.length, shared) ?? { kind: 'found', slot, node, sharedInside: anchorInside(node, shared) };
}
