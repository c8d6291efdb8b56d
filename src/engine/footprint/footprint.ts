import { toPointer } from '../../core/json.ts';

/**
 * What a rule can read of the resource under review, as paths. A path segment is a key or
 * an array index; `null` stands for any key or index. Two kinds of reads:
 * - `nav`: the rule went through this place: it saw whether something is there and of which
 *   type (object, list, scalar, null), nothing of what lies under it beyond its other reads;
 * - `whole`: the rule may have seen everything at and under this place.
 * `top` says the rule may read anything. A footprint is static (one per rule, whatever the
 * resource): two resources that agree on every read of a rule's footprint give the rule
 * the same status.
 */
export type Segment = string | null;
export type Path = readonly Segment[];

export interface Footprint {
  readonly top: boolean;
  readonly nav: readonly Path[];
  readonly whole: readonly Path[];
  /** Why the footprint is `top`, for tests and debugging. */
  readonly reason?: string;
  /**
   * Holds only for a resource without `{` or `}` in its strings and keys: text substituted
   * from the resource into a longer string is substituted again, and braces there could
   * make a new variable that reads anything.
   */
  readonly guarded?: boolean;
}

export const EVERYTHING = (reason: string): Footprint => ({ top: true, nav: [], whole: [], reason });

const keyOf = (path: Path): string => path.map((s) => (s === null ? '\u0000*' : `\u0001${s}`)).join('');

/** Collects reads, each path once. */
export class FootprintBuilder {
  top = false;
  reason: string | undefined;
  guarded = false;
  private readonly navPaths = new Map<string, Path>();
  private readonly wholePaths = new Map<string, Path>();

  everything(reason: string): void {
    if (!this.top) this.reason = reason;
    this.top = true;
  }

  nav(path: Path): void {
    this.navPaths.set(keyOf(path), path);
  }

  whole(path: Path): void {
    this.wholePaths.set(keyOf(path), path);
  }

  add(other: Footprint): void {
    if (other.top) this.everything(other.reason ?? 'part of it may read anything');
    if (other.guarded === true) this.guarded = true;
    for (const p of other.nav) this.nav(p);
    for (const p of other.whole) this.whole(p);
  }

  build(): Footprint {
    if (this.top) return EVERYTHING(this.reason ?? 'may read anything');
    const footprint = { top: false, nav: [...this.navPaths.values()], whole: [...this.wholePaths.values()] };
    return this.guarded ? { ...footprint, guarded: true } : footprint;
  }
}

/** Is `prefix` a prefix of `path`, `null` on either side matching any segment? */
function isPrefix(prefix: Path, path: Path): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const a = prefix[i];
    const b = path[i];
    if (a !== null && b !== null && a !== b) return false;
  }
  return true;
}

/** The reads as a tree of segments (null: any), each place marked where a whole read ends. */
interface Node {
  whole: boolean;
  children: Map<Segment, Node>;
}

function treeOf(footprint: Footprint): Node {
  const root: Node = { whole: false, children: new Map() };
  const add = (path: Path, whole: boolean): void => {
    let node = root;
    for (const segment of path) {
      let next = node.children.get(segment);
      if (next === undefined) {
        next = { whole: false, children: new Map() };
        node.children.set(segment, next);
      }
      node = next;
    }
    if (whole) node.whole = true;
  };
  for (const read of footprint.nav) add(read, false);
  for (const read of footprint.whole) add(read, true);
  return root;
}

/** A footprint's reads as a tree, and the answers already given for changed places (by pointer). */
interface Tree {
  root: Node;
  known: Map<string, boolean>;
}

/** Answers kept per footprint before they are forgotten (a footprint is asked about the same few places, resource after resource). */
const KNOWN_LIMIT = 4096;

const TREES = new WeakMap<Footprint, Tree>();

function treeFor(footprint: Footprint): Tree {
  let tree = TREES.get(footprint);
  if (tree === undefined) {
    tree = { root: treeOf(footprint), known: new Map() };
    TREES.set(footprint, tree);
  }
  return tree;
}

/** Is some read at or under `changed` (from `at`), or a whole read at or above it? */
function reaches(node: Node, changed: readonly string[], at: number): boolean {
  if (node.whole) return true;
  if (at === changed.length) return true;
  const segment = changed[at] ?? '';
  const exact = node.children.get(segment);
  if (exact !== undefined && reaches(exact, changed, at + 1)) return true;
  const any = node.children.get(null);
  return any !== undefined && reaches(any, changed, at + 1);
}

/**
 * Can a change of everything at and under `changed` (a concrete path) alter what the
 * footprint reads? A place the rule went through changes when it or a parent is replaced;
 * a place read whole also when anything under it changes.
 */
export function touches(footprint: Footprint, changed: readonly string[]): boolean {
  if (footprint.top) return true;
  return reaches(treeFor(footprint).root, changed, 0);
}

/** A changed place, named once for the many footprints asked about it. */
export interface ChangedPlace {
  path: readonly string[];
  /** The path as a JSON pointer: what the answers are kept by. */
  pointer: string;
}

export const changedPlace = (path: readonly string[]): ChangedPlace => ({ path, pointer: toPointer(path) });

/** touches for a place: the same answer, kept per footprint and pointer. */
export function touchesPlace(footprint: Footprint, place: ChangedPlace): boolean {
  if (footprint.top) return true;
  const tree = treeFor(footprint);
  let answer = tree.known.get(place.pointer);
  if (answer === undefined) {
    answer = reaches(tree.root, place.path, 0);
    if (tree.known.size >= KNOWN_LIMIT) tree.known.clear();
    tree.known.set(place.pointer, answer);
  }
  return answer;
}

/** touches, read by comparing every path (the definition the tree implements; for tests). */
export function touchesByPaths(footprint: Footprint, changed: readonly string[]): boolean {
  if (footprint.top) return true;
  for (const read of footprint.nav) if (isPrefix(changed, read)) return true;
  for (const read of footprint.whole) if (isPrefix(changed, read) || isPrefix(read, changed)) return true;
  return false;
}
