import { describe, expect, it } from 'vitest';
import { runAppBench } from './app-bench.ts';

describe('the app benchmark scenario', () => {
  it('checks a 50-file pull request with 20 findings in at most 12 GitHub requests', async () => {
    const r = await runAppBench();
    expect([r.files, r.findings, r.annotations, r.conclusion]).toEqual([50, 20, 20, 'failure']);
    expect(r.requests).toBeLessThanOrEqual(r.requestTarget);
    expect(r.requestTarget).toBe(12);
    // Every changed manifest on both sides in one GraphQL query; no blob-by-blob reads.
    expect(r.byRoute['POST /api/graphql']).toBe(1);
    expect(Object.keys(r.byRoute).some((k) => k.includes('/git/blobs'))).toBe(false);
    expect(r.render.conclusion).toBe('failure');
  });
});
