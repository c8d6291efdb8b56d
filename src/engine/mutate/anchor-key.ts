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

const ANCHOR = /^([+<=X^]?)\((.+)\)$/s;

export function parseAnchor(raw: string): AnchorKey | null {
  const m = ANCHOR.exec(raw);
  if (m === null) return null;
  return { modifier: (m[1] ?? '') as AnchorModifier, key: m[2] ?? '' };
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
