import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'kyverno-test');

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, { stdout: (t) => (out += t + '\n'), stderr: () => undefined, cwd: fixtures });
  return { code, out };
}

describe('preadmit test', () => {
  it('agrees with a suite (values, preconditions, autogen) and prints one JSON entry per resource', async () => {
    const { code, out } = await cli(['test', 'suite', '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { results: Record<string, unknown>[]; summary: Record<string, number> };
    expect(doc.summary).toEqual({ total: 4, ok: 4, mismatch: 0 });
    expect(Object.keys(doc.results[0] ?? {})).toEqual(['file', 'policy', 'rule', 'kind', 'resource', 'expected', 'actual', 'ok', 'message']);
    expect(doc.results.map((r) => `${r['resource']}:${r['actual']}`)).toEqual(['labelled:pass', 'shop/unlabelled:fail', 'system-pod:skip', 'web:fail']);
    expect(doc.results[1]?.['message']).toContain('Pods in shop need a team label.');
  });

  it('exits 1 and names the mismatch', async () => {
    const { code, out } = await cli(['test', 'wrong']);
    expect(code).toBe(1);
    expect(out).toContain('Want fail, got pass');
    expect(out).toMatch(/Total: 3 passed, 1 failed/);
  });

  it('exits 2 when nothing is found', async () => {
    expect((await cli(['test', 'no-such-dir'])).code).toBe(2);
  });
});

describe('preadmit test with PolicyExceptions', () => {
  it('skips the exempted resources and says which exception did it', async () => {
    const { code, out } = await cli(['test', 'exceptions', '--json']);
    const doc = JSON.parse(out) as { results: Record<string, unknown>[] };
    expect(doc.results.map((r) => `${r['resource']}:${r['actual']}`)).toEqual(['labelled:pass', 'shop/unlabelled:skip', 'web:skip']);
    expect(doc.results[1]?.['message']).toBe('rule skipped due to PolicyException shop/legacy-shop');
    expect(code).toBe(0);
  });
});
