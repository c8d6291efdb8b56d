import { appendAll } from '../../core/append-all.ts';
import type { FootprintBuilder, Path } from './footprint.ts';

/**
 * What an expression's value is made of, as far as the resource goes:
 * - `const`: nothing of the resource;
 * - `top`: possibly anything;
 * - `scope`: the variable scope itself (its fields are the variables in `bindings`);
 * - `request`: the scope's `request` object;
 * - `paths`: the value sits at one of `paths` of the resource (`depth` 0), or is a list
 *   whose elements do (`depth` 1, a list of such lists at 2 …); `opaque` when it is
 *   rather computed from everything at those paths (already read whole).
 */
export type Abstract =
  | { readonly k: 'const' }
  | { readonly k: 'top'; readonly reason: string }
  | { readonly k: 'scope'; readonly bindings: ReadonlyMap<string, Abstract> }
  | { readonly k: 'request' }
  | { readonly k: 'paths'; readonly paths: readonly Path[]; readonly depth: number; readonly opaque: boolean };

export const CONST: Abstract = { k: 'const' };
export const top = (reason: string): Abstract => ({ k: 'top', reason });
export const at = (paths: readonly Path[], depth = 0, opaque = false): Abstract =>
  paths.length === 0 ? CONST : { k: 'paths', paths, depth, opaque };

/** The value is used as a whole (compared, passed to a function, tested for truth, printed). */
export function consume(value: Abstract, reads: FootprintBuilder): void {
  switch (value.k) {
    case 'const':
      return;
    case 'top':
      reads.everything(value.reason);
      return;
    case 'scope':
    case 'request':
      reads.everything('an expression uses the whole variable scope or request');
      return;
    case 'paths':
      for (const p of value.paths) reads.whole(p);
  }
}

/** A value computed from all of `values` (each read whole). */
export function opaqueOf(values: readonly Abstract[], reads: FootprintBuilder): Abstract {
  const paths: Path[] = [];
  for (const value of values) {
    if (value.k === 'top') return value;
    if (value.k === 'scope' || value.k === 'request') return top('an expression uses the whole variable scope or request');
    consume(value, reads);
    if (value.k === 'paths') appendAll(paths, value.paths);
  }
  return at(paths, 0, true);
}

/** One of `values` (foreach elements, context defaults): kept as places when they agree in shape. */
export function eitherOf(values: readonly Abstract[], reads: FootprintBuilder): Abstract {
  const present = values.filter((v) => v.k !== 'const');
  if (present.length === 0) return CONST;
  if (present.length === 1) return present[0] ?? CONST;
  const first = present[0];
  if (
    first?.k === 'paths' &&
    !first.opaque &&
    present.every((v) => v.k === 'paths' && !v.opaque && v.depth === first.depth)
  ) {
    return at(present.flatMap((v) => (v.k === 'paths' ? v.paths : [])), first.depth);
  }
  return opaqueOf(present, reads);
}
