/**
 * The operator at the head of one string pattern condition, as Kyverno reads it:
 * `>=`, `<=`, `>`, `<`, `!`, a range `a-b`, a negated range `a!-b`, or none (equality).
 */
export type PatternOperator = '' | '>=' | '<=' | '>' | '<' | '!' | 'range' | 'not-range';

const BOUND = String.raw`([-|+]?\d+(?:\.\d+)?[A-Za-z]*)`;
const IN_RANGE = new RegExp(`^${BOUND}-${BOUND}$`);
const NOT_IN_RANGE = new RegExp(`^${BOUND}!-${BOUND}$`);

export function operatorOf(condition: string): PatternOperator {
  if (condition.length < 2) return '';
  for (const op of ['>=', '<=', '>', '<', '!'] as const) {
    if (condition.startsWith(op)) return op;
  }
  if (NOT_IN_RANGE.test(condition)) return 'not-range';
  if (IN_RANGE.test(condition)) return 'range';
  return '';
}

/** The two bounds of a range condition (`1-10`, `100Mi!-1Gi`), or undefined. */
export function rangeBounds(condition: string, negated: boolean): [string, string] | undefined {
  const match = (negated ? NOT_IN_RANGE : IN_RANGE).exec(condition);
  if (match === null || match[1] === undefined || match[2] === undefined) return undefined;
  return [match[1], match[2]];
}

/** Does a comparison result (-1, 0, 1) satisfy the operator? */
export function satisfies(op: PatternOperator, cmp: -1 | 0 | 1): boolean {
  switch (op) {
    case '':
      return cmp === 0;
    case '!':
      return cmp !== 0;
    case '>':
      return cmp === 1;
    case '<':
      return cmp === -1;
    case '>=':
      return cmp >= 0;
    case '<=':
      return cmp <= 0;
    default:
      return false;
  }
}
