/**
 * Issue 15: fix planning in one pass per file (src/fix/file-editor.ts) gives exactly what the
 * step-by-step planning gave — each fix rewritten on its own with editsForPatch, a file's fixes
 * combined with editsForFixes (last document first) and applied with applyEdits — on the
 * demo repository, a sample of real manifests from the corpus and generated multi-document files.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gatherLocal } from '../src/cli/gather-local.ts';
import { BUILTIN_POLICIES } from '../src/cli/check-command.ts';
import type { Finding, TextEdit } from '../src/core/finding.ts';
import { applyEdits, editsForFixes, editsForPatch } from '../src/fix/index.ts';
import type { ResourceFix } from '../src/pipeline/check.ts';
import { planFileFixes } from '../src/pipeline/fix-edits.ts';
import { loadPolicyDirs } from '../src/pipeline/load-policy-dirs.ts';
import { toolOptionsFromEnv } from '../src/render/tool-paths.ts';
import { eachGeneratedFile } from '../bench/generate.ts';

const REPO = resolve(import.meta.dirname, '..');
const CORPUS = resolve(REPO, '../shared/corpus/gitops/kubernetes__examples');
const scratch = mkdtempSync(join(tmpdir(), 'preadmit-plan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Expected {
  own: Map<Finding, TextEdit[]>;
  composed: Map<Finding, TextEdit[]>;
  files: Map<string, { edits: TextEdit[]; after: string }>;
  fixable: number;
}

/** The planning as it was done fix by fix: the reference the one-pass planner must equal. */
function stepByStep(fixes: readonly ResourceFix[], textOf: (file: string) => string | undefined): Expected {
  const own = new Map<Finding, TextEdit[]>();
  const composed = new Map<Finding, TextEdit[]>();
  const files = new Map<string, { edits: TextEdit[]; after: string }>();
  let fixable = 0;
  const byFile = new Map<string, ResourceFix[]>();
  for (const fix of fixes) byFile.set(fix.file, [...(byFile.get(fix.file) ?? []), fix]);
  for (const [file, ofFile] of byFile) {
    const text = textOf(file);
    if (text === undefined) continue;
    const usable = ofFile.filter((fix) => {
      const edits = editsForPatch(file, text, fix.documentIndex, fix.patch);
      if (!edits.ok || edits.value.length === 0) return false;
      for (const finding of fix.findings) {
        const ownPatch = fix.own.get(finding);
        const ownEdits = ownPatch ? editsForPatch(file, text, fix.documentIndex, ownPatch) : undefined;
        own.set(finding, [...(own.get(finding) ?? []), ...(ownEdits?.ok && ownEdits.value.length > 0 ? ownEdits.value : edits.value)]);
        composed.set(finding, [...(composed.get(finding) ?? []), ...edits.value]);
        fixable++;
      }
      return true;
    });
    if (usable.length === 0) continue;
    const edits = editsForFixes(file, text, usable.map((f) => ({ documentIndex: f.documentIndex, patch: f.patch })));
    if (!edits.ok) continue;
    const after = applyEdits(text, edits.value);
    if (after.ok) files.set(file, { edits: edits.value, after: after.value });
  }
  return { own, composed, files, fixable };
}

async function compare(paths: string[], cwd: string, render: boolean): Promise<number> {
  const policySet = await loadPolicyDirs([BUILTIN_POLICIES]);
  const gathered = await gatherLocal(paths, cwd, policySet, { render, renderOptions: { tools: toolOptionsFromEnv(process.env) } });
  if (!gathered.ok) throw new Error(gathered.message);
  const { outcome } = gathered;
  const textOf = (file: string): string | undefined => {
    const path = resolve(outcome.baseDir, file);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const expected = stepByStep(outcome.fixes, textOf);
  const plan = planFileFixes(outcome.fixes, textOf);
  expect(plan.files.map((f) => f.file).sort()).toEqual([...expected.files.keys()].sort());
  for (const file of plan.files) {
    const reference = expected.files.get(file.file);
    expect(file.edits, file.file).toEqual(reference?.edits);
    expect(file.after, file.file).toBe(reference?.after);
  }
  const fixed = outcome.findings.filter((f) => expected.own.has(f));
  for (const finding of fixed) {
    expect(finding.edits, `${finding.file}:${finding.line} ${finding.rule}`).toEqual(expected.own.get(finding));
    expect(finding.composedEdits).toEqual(expected.composed.get(finding));
  }
  return expected.fixable;
}

describe('fix planning in one pass per file equals planning fix by fix', () => {
  it('on the demo repository, rendered as check renders it', async () => {
    expect(await compare(['.'], join(REPO, 'examples/demo-repo'), true)).toBeGreaterThan(3);
  }, 120_000);

  it.skipIf(!existsSync(CORPUS))('on real manifests from the corpus (kubernetes/examples)', async () => {
    expect(await compare(['web', 'databases', 'AI'], CORPUS, false)).toBeGreaterThan(20);
  }, 300_000);

  it('on generated multi-document files, every workload kind', async () => {
    eachGeneratedFile(120, 30, 7, (file, text) => writeFileSync(join(scratch, file.replaceAll('/', '_')), text));
    expect(await compare(['.'], scratch, false)).toBeGreaterThan(50);
  }, 300_000);
});
