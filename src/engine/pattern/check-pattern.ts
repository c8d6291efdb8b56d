import { isArray, isObject, type JsonValue } from '../../core/json.ts';
import { isUnknownAnchor, parseAnchor } from '../anchors.ts';
import { walkError, type PathSegments, type WalkError } from './walk-types.ts';

/**
 * Kyverno's policy-time checks on a validate pattern (a policy failing them is rejected, whatever
 * the resource): no unknown anchors, no `+()` anchors, and existence anchors `^()` hold a
 * non-empty list of objects. Returns the first problem, with the pattern path.
 */
export function checkPattern(pattern: JsonValue, path: PathSegments = []): WalkError | null {
  if (isArray(pattern)) {
    for (const [index, item] of pattern.entries()) {
      const error = checkPattern(item, [...path, index]);
      if (error !== null) return error;
    }
    return null;
  }
  if (!isObject(pattern)) return null;
  for (const [key, value] of Object.entries(pattern)) {
    const anchor = parseAnchor(key);
    const here = [...path, anchor?.key ?? key];
    if (isUnknownAnchor(key)) {
      return walkError('invalid', here, `unknown anchor ${key}: use (key), <(key), =(key), ^(key) or X(key)`);
    }
    if (anchor?.kind === 'add-if-not-present') {
      return walkError('invalid', here, `anchor ${key} (add if not present) is not allowed in validate patterns`);
    }
    if (anchor?.kind === 'existence' && !(isArray(value) && value.length > 0 && value.every(isObject))) {
      return walkError('invalid', here, `existence anchor ${key} must hold a non-empty list of objects`);
    }
    const error = checkPattern(value, here);
    if (error !== null) return error;
  }
  return null;
}
