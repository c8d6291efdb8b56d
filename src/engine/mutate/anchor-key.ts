import { anchorModifier, parseAnchor as parseSharedAnchor } from '../anchors.ts';

/**
 * Anchors on the keys of a mutate `patchStrategicMerge` overlay, as Kyverno spells them:
 * `(key)` condition, `<(key)` global condition, `+(key)` add-if-not-present, and the
 * validate-only `=(key)`, `^(key)`, `X(key)` which a mutate overlay treats as plain keys.
 */
export type AnchorModifier = '' | '+' | '<' | '=' | '^' | 'X';

export interface AnchorKey {
  modifier: AnchorModifier;
  key: string;
}

/** The anchor an overlay key carries (one parser for patterns and overlays), or null. */
export function parseAnchor(raw: string): AnchorKey | null {
  const anchor = raw.trim() === raw ? parseSharedAnchor(raw) : undefined;
  return anchor ? { modifier: anchorModifier(anchor.kind) as AnchorModifier, key: anchor.key } : null;
}

/** `(key)` */
export function isCondition(a: AnchorKey | null): boolean {
  return a !== null && a.modifier === '';
}

/** `<(key)` */
export function isGlobal(a: AnchorKey | null): boolean {
  return a !== null && a.modifier === '<';
}

/** `(key)` or `<(key)`: anchors whose failure stops (part of) the patch. */
export function isConditional(a: AnchorKey | null): boolean {
  return isCondition(a) || isGlobal(a);
}

/** `+(key)` */
export function isAddIfNotPresent(a: AnchorKey | null): boolean {
  return a !== null && a.modifier === '+';
}

/** The anchors the mutate pre-processing acts on: conditions, globals and add-if-not-present. */
export function isMutateAnchor(a: AnchorKey | null): boolean {
  return isConditional(a) || isAddIfNotPresent(a);
}
