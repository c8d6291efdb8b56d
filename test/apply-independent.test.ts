/**
 * Issue 15: a patch's operations worked out together on one parse (applyIndependent) give
 * exactly the text that applying them one by one, re-reading the text after each, gives — on
 * every fix and own fix of generated workloads of every kind, the demo repository and real
 * manifests from the corpus. Operations that depend on each other are left to the one-by-one path.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gatherLocal } from '../src/cli/gather-local.ts';
import { BUILTIN_POLICIES } from '../src/cli/check-command.ts';
import type { JsonPatchOperation } from '../src/engine/types.ts';
import { applyIndependent } from '../src/fix/apply-independent.ts';
import { applyOperation } from '../src/fix/apply-operation.ts';
import { documentRegions } from '../src/fix/document-regions.ts';
import { parseSource } from '../src/fix/yaml-source.ts';
import { loadPolicyDirs } from '../src/pipeline/load-policy-dirs.ts';
import { toolOptionsFromEnv } from '../src/render/tool-paths.ts';
import { eachGeneratedFile } from '../bench/generate.ts';

const REPO = resolve(import.meta.dirname, '..');
const CORPUS = resolve(REPO, '../shared/corpus/gitops/kubernetes__examples');
const scratch = mkdtempSync(join(tmpdir(), 'preadmit-together-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function oneByOne(file: string, text: string, patch: readonly JsonPatchOperation[]): string | undefined {
  let current = text;
  for (const op of patch) {
    const applied = applyOperation(file, current, 0, op);
    if (!applied.ok) return undefined;
    current = applied.value;
  }
  return current;
}

/** How many patches were applied both ways (and agreed), and how many applyIndependent left to the one-by-one path. */
async function compare(paths: string[], cwd: string, render: boolean): Promise<{ together: number; left: number }> {
  const policySet = await loadPolicyDirs([BUILTIN_POLICIES]);
  const gathered = await gatherLocal(paths, cwd, policySet, { render, renderOptions: { tools: toolOptionsFromEnv(process.env) } });
  if (!gathered.ok) throw new Error(gathered.message);
  const { outcome } = gathered;
  let together = 0;
  let left = 0;
  for (const fix of outcome.fixes) {
    const path = resolve(outcome.baseDir, fix.file);
    if (!existsSync(path) || /\.json$/i.test(fix.file)) continue;
    const text = readFileSync(path, 'utf8');
    const region = documentRegions(text)[fix.documentIndex];
    if (!region) continue;
    const slice = text.slice(region.start, region.end);
    const parsed = parseSource(fix.file, slice);
    if (!parsed.ok || parsed.value.docs.length !== 1) continue;
    for (const patch of [fix.patch, ...fix.own.values()]) {
      const fast = applyIndependent(fix.file, slice, 0, patch, parsed.value);
      if (fast === undefined || fast.applied === 0) {
        left++;
        continue;
      }
      // the run taken together equals its operations applied one by one
      const slow = oneByOne(fix.file, slice, patch.slice(0, fast.applied));
      expect(fast.text, `${fix.file} ${JSON.stringify(patch.slice(0, fast.applied))}`).toBe(slow);
      if (fast.applied < patch.length) left++;
      together++;
    }
  }
  return { together, left };
}

describe('operations applied together equal operations applied one by one', () => {
  it('on generated files of every workload kind', async () => {
    eachGeneratedFile(300, 1, 11, (file, text) => writeFileSync(join(scratch, file.replaceAll('/', '_')), text));
    const { together } = await compare(['.'], scratch, false);
    expect(together).toBeGreaterThan(300);
  }, 300_000);

  it('on the demo repository, rendered as check renders it', async () => {
    const { together } = await compare(['.'], join(REPO, 'examples/demo-repo'), true);
    expect(together).toBeGreaterThan(3);
  }, 120_000);

  it.skipIf(!existsSync(CORPUS))('on real manifests from the corpus (kubernetes/examples)', async () => {
    const { together } = await compare(['web', 'databases', 'AI'], CORPUS, false);
    expect(together).toBeGreaterThan(20);
  }, 300_000);
});

describe('an operation that depends on an earlier one ends the run applied together', () => {
  const text = 'kind: Pod\nspec:\n  containers:\n    - name: a\n    - name: b\n';
  const parsed = parseSource('p.yaml', text);
  const source = parsed.ok ? parsed.value : undefined;

  it('two operations on one node, a key and what is under it, a list item insert and a later item, two keys of a missing map', () => {
    expect(source).toBeDefined();
    if (!source) return;
    const cases: JsonPatchOperation[][] = [
      [{ op: 'add', path: '/spec/x', value: 1 }, { op: 'replace', path: '/spec/x', value: 2 }],
      [{ op: 'add', path: '/spec/sc', value: { a: 1 } }, { op: 'add', path: '/spec/sc/b', value: 2 }],
      [{ op: 'add', path: '/spec/containers/0', value: { name: 'z' } }, { op: 'add', path: '/spec/containers/1/image', value: 'x' }],
      [{ op: 'add', path: '/meta/labels/a', value: '1' }, { op: 'add', path: '/meta/labels/b', value: '2' }],
    ];
    for (const ops of cases) expect(applyIndependent('p.yaml', text, 0, ops, source)?.applied, JSON.stringify(ops)).toBe(1);
  });

  it('independent ones go together, deeper insertions at one place first', () => {
    if (!source) return;
    const ops: JsonPatchOperation[] = [
      { op: 'add', path: '/spec/containers/1/resources', value: { limits: { memory: '1Gi' } } },
      { op: 'add', path: '/spec/containers/0/image', value: 'nginx:1.27' },
      { op: 'add', path: '/spec/containers/1/image', value: 'busybox:1.36' },
    ];
    const together = applyIndependent('p.yaml', text, 0, ops, source);
    expect(together?.applied).toBe(3);
    expect(together?.text).toBe(oneByOne('p.yaml', text, ops));
  });
});
