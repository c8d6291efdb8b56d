import { isArray, isObject, joinPointer, type JsonValue } from '../../core/json.ts';
import { isUnknownAnchor, parseAnchor } from '../../engine/anchors.ts';
import { appendAll } from '../../core/append-all.ts';

/** A mistake inside a pattern, at a pointer relative to the pattern. */
export interface PatternMistake {
  pointer: string;
  message: string;
}

const MODIFIERS = '`(key)` condition, `<(key)` global, `=(key)` equality, `^(key)` existence, `X(key)` negation, `+(key)` add if absent (mutate only)';

/** A key that starts like an anchor but does not close: `=(name`, `^(containers`. */
const UNCLOSED = /^[+<=X^]?\([^)]*$/;

/**
 * Anchors as Kyverno's webhook checks them: every anchor parses, `+(key)` only in
 * mutations, `^(key)` holds a list. `kind` says whether the pattern validates or mutates.
 */
export function patternMistakes(pattern: JsonValue, kind: 'validate' | 'mutate', pointer = ''): PatternMistake[] {
  if (isArray(pattern)) return pattern.flatMap((item, i) => patternMistakes(item, kind, joinPointer(pointer, i)));
  if (!isObject(pattern)) return [];
  const mistakes: PatternMistake[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const at = joinPointer(pointer, key);
    const trimmed = key.trim();
    if (isUnknownAnchor(trimmed)) {
      mistakes.push({ pointer: at, message: `\`${key}\` is not a Kyverno anchor; write one of ${MODIFIERS}` });
      continue;
    }
    if (UNCLOSED.test(trimmed) || trimmed === '()' || /^[+<=X^]\(\)$/.test(trimmed)) {
      mistakes.push({ pointer: at, message: `the anchor \`${key}\` is not closed or names no field; write it as \`${trimmed.replace(/\)?$/, ')')}\` around a field name, e.g. \`=(name)\`` });
      continue;
    }
    const anchor = parseAnchor(trimmed);
    if (anchor?.kind === 'add-if-not-present' && kind === 'validate') {
      mistakes.push({ pointer: at, message: `\`${key}\` adds a field and only belongs in a mutate patch; in a validate pattern write \`=(${anchor.key})\` to check the field only when it is present` });
      continue;
    }
    if (anchor?.kind === 'existence' && !isArray(value)) {
      mistakes.push({ pointer: at, message: `the existence anchor \`${key}\` must hold a list (\`${key}: [ … ]\`): it asks that at least one element matches` });
      continue;
    }
    appendAll(mistakes, patternMistakes(value, kind, at));
  }
  return mistakes;
}
