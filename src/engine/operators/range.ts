import { compareQuantities, parseQuantity } from './quantity.ts';

/**
 * Kyverno's range values: "1-10" (in range, inclusive) and "1!-10" (outside it), with
 * optional units on the bounds ("1Gi-2Gi"), compared as quantities.
 */
const IN_RANGE = /^(\d+(?:\.\d+)?)([^-]*)-(\d+(?:\.\d+)?)([^-]*)$/;
const NOT_IN_RANGE = /^(\d+(?:\.\d+)?)([^-]*)!-(\d+(?:\.\d+)?)([^-]*)$/;

export type RangeKind = 'in' | 'notIn';

export function rangeKind(pattern: string): RangeKind | undefined {
  if (NOT_IN_RANGE.test(pattern)) return 'notIn';
  if (IN_RANGE.test(pattern)) return 'in';
  return undefined;
}

/** Does `value` satisfy the range pattern? False when the value or the bounds are not quantities. */
export function matchRange(value: string, pattern: string): boolean {
  const kind = rangeKind(pattern);
  if (kind === undefined) return false;
  const [lowText = '', highText = ''] = kind === 'notIn' ? pattern.split('!-') : splitOnce(pattern);
  const low = parseQuantity(lowText);
  const high = parseQuantity(highText);
  const v = parseQuantity(value);
  if (!low || !high || !v) return false;
  const inside = compareQuantities(v, low) >= 0 && compareQuantities(v, high) <= 0;
  return kind === 'in' ? inside : !inside;
}

function splitOnce(pattern: string): [string, string] {
  const m = IN_RANGE.exec(pattern);
  return m ? [`${m[1] ?? ''}${m[2] ?? ''}`, `${m[3] ?? ''}${m[4] ?? ''}`] : ['', ''];
}
