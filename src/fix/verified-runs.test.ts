import { describe, expect, it } from 'vitest';
import type { Splice } from './splice.ts';
import { isVerified, recordVerified, verifiedRuns } from './verified-runs.ts';

const splice = (start: number, text: string): Splice => ({ start, end: start, text });

describe('verified runs', () => {
  const [a, b, c, d] = [splice(30, 'a\n'), splice(20, 'b\n'), splice(10, 'c\n'), splice(0, 'd\n')];

  it('takes a run as read back when it is a subsequence of one verified run, in the same order', () => {
    const verified = verifiedRuns();
    expect(isVerified(verified, [a])).toBe(false);
    recordVerified(verified, [a, b, c]);
    expect(isVerified(verified, [a, c])).toBe(true);
    expect(isVerified(verified, [b])).toBe(true);
    expect(isVerified(verified, [])).toBe(true);
    expect(isVerified(verified, [c, a])).toBe(false);
  });

  it('does not mix verified runs, nor take equal splices that are other objects', () => {
    const verified = verifiedRuns();
    recordVerified(verified, [a, b]);
    recordVerified(verified, [c, d]);
    expect(isVerified(verified, [b, c])).toBe(false);
    expect(isVerified(verified, [c, d])).toBe(true);
    expect(isVerified(verified, [{ ...a }])).toBe(false);
  });
});
