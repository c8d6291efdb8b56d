import { isObject } from '../core/json.ts';
import type { JsonValue } from '../core/json.ts';
import { resolveSteps, toSteps } from './pointer-match.ts';

/** Strings shorter than this only count when a value equals them (a short label value is too common a substring). */
const SUBSTRING_MIN = 6;

function leaves(value: JsonValue, pointer: string, out: { pointer: string; value: string }[]): void {
  if (typeof value === 'string') out.push({ pointer, value });
  else if (Array.isArray(value)) value.forEach((item, index) => leaves(item, `${pointer}/${index}`, out));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) leaves(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
}

function stringSet(value: JsonValue): Set<string> {
  const out: { pointer: string; value: string }[] = [];
  leaves(value, '', out);
  return new Set(out.map((leaf) => leaf.value));
}

/**
 * The strings of a rendered resource that its source document does not hold: what a
 * transformer, an overlay or a patch put there (a prefixed name, a label of the overlay, a
 * reference to a generated name). `allowed` are values every user of the source gets too.
 */
export function ownedStrings(rendered: JsonValue, source: JsonValue, allowed: ReadonlySet<string> = new Set()): Set<string> {
  const inSource = stringSet(source);
  const all: { pointer: string; value: string }[] = [];
  leaves(rendered, '', all);
  const owned = new Set<string>();
  for (const leaf of all) {
    if (inSource.has(leaf.value) || allowed.has(leaf.value) || leaf.value === '') continue;
    const steps = toSteps(rendered, leaf.pointer);
    const there = steps ? resolveSteps(source, steps) : undefined;
    if (there?.complete && there.value === leaf.value) continue;
    owned.add(leaf.value);
  }
  return owned;
}

/** The first string of `owned` that `value` holds (equal to a leaf, or inside a long enough one). */
export function findOwnedValue(value: JsonValue | undefined, owned: ReadonlySet<string>): string | undefined {
  if (value === undefined || owned.size === 0) return undefined;
  const out: { pointer: string; value: string }[] = [];
  leaves(value, '', out);
  const longestFirst = [...owned].sort((a, b) => b.length - a.length);
  for (const leaf of out) {
    for (const candidate of longestFirst) {
      if (leaf.value === candidate || (candidate.length >= SUBSTRING_MIN && leaf.value.includes(candidate))) return candidate;
    }
  }
  return undefined;
}
