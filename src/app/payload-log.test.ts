import { describe, expect, it } from 'vitest';
import { MemoryPayloadLog } from './payload-log.ts';

describe('MemoryPayloadLog', () => {
  it('returns the first delivery id of a body within the window, and forgets it after', async () => {
    let now = 0;
    const log = new MemoryPayloadLog({ windowMs: 1000, now: () => now });
    expect(await log.claim('pull_request:abc', 'd1')).toBe('d1');
    expect(await log.claim('pull_request:abc', 'd2')).toBe('d1');
    expect(await log.claim('pull_request:abc', 'd1')).toBe('d1');
    expect(await log.claim('check_run:abc', 'd3')).toBe('d3');
    now = 1001;
    expect(await log.claim('pull_request:abc', 'd4')).toBe('d4');
  });

  it('keeps at most `capacity` pairs, forgetting the oldest', async () => {
    const log = new MemoryPayloadLog({ capacity: 2 });
    await log.claim('a', '1');
    await log.claim('b', '2');
    await log.claim('c', '3');
    expect(await log.claim('a', '4')).toBe('4');
    expect(await log.claim('c', '5')).toBe('3');
  });
});
