/**
 * Kyverno anchors on pattern keys: `(key)` conditional, `<(key)` global, `=(key)` equality,
 * `^(key)` existence, `X(key)` negation, and `+(key)` add-if-not-present (mutation only).
 */
export type AnchorKind = 'condition' | 'global' | 'equality' | 'existence' | 'negation' | 'add-if-not-present';

export interface Anchor {
  kind: AnchorKind;
  /** The resource key the anchor is about. */
  key: string;
}

const MODIFIERS: Readonly<Record<string, AnchorKind>> = {
  '<': 'global',
  '=': 'equality',
  '^': 'existence',
  X: 'negation',
  '+': 'add-if-not-present',
};

const ANCHOR = /^([+<=X^])?\((.+)\)$/s;

/** The anchor a pattern key carries, or undefined for a plain key. */
export function parseAnchor(rawKey: string): Anchor | undefined {
  const match = ANCHOR.exec(rawKey.trim());
  if (match === null || match[2] === undefined) return undefined;
  const modifier = match[1];
  const kind = modifier === undefined ? 'condition' : MODIFIERS[modifier];
  return kind === undefined ? undefined : { kind, key: match[2] };
}

const ANCHOR_LIKE = /^[^()\s]\((.+)\)$/s;

/**
 * A key shaped like an anchor with a modifier Kyverno does not know (`x(hostPath)`, `!(name)`).
 * No Kubernetes field, label or annotation key holds parentheses, so such a key is a typo.
 */
export function isUnknownAnchor(rawKey: string): boolean {
  return parseAnchor(rawKey) === undefined && ANCHOR_LIKE.test(rawKey.trim());
}

/** The character before the parenthesis: '' for a condition, '<', '=', '^', 'X' or '+'. */
export function anchorModifier(kind: AnchorKind): string {
  return Object.entries(MODIFIERS).find(([, k]) => k === kind)?.[0] ?? '';
}

/** Write an anchor back as a key: `=(name)`. */
export function anchorKey(anchor: Anchor): string {
  return `${anchorModifier(anchor.kind)}(${anchor.key})`;
}

/** The resource key a pattern key is about: the anchor's key, or the key itself. */
export function resourceKeyOf(rawKey: string): string {
  return parseAnchor(rawKey)?.key ?? rawKey;
}

/** Anchors evaluated before the plain keys of a map (Kyverno's first phase). */
export function isPhaseOneAnchor(anchor: Anchor | undefined): boolean {
  return anchor !== undefined && ['condition', 'existence', 'equality', 'negation'].includes(anchor.kind);
}

/** Anchors whose keys Kyverno tracks for presence in the resource (condition, existence, negation). */
export function isTrackedAnchor(anchor: Anchor | undefined): boolean {
  return anchor !== undefined && ['condition', 'existence', 'negation'].includes(anchor.kind);
}
