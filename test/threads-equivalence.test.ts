/**
 * Issue 15: a check shared out over worker threads — the plain manifests evaluated by the
 * check-files task, the fixes planned by the plan-fixes task — reports exactly what the same
 * check in one thread reports: findings (with their edits), roots, fixes and planned files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gatherLocal } from '../src/cli/gather-local.ts';
import { BUILTIN_POLICIES } from '../src/cli/check-command.ts';
import { loadPolicyDirs } from '../src/pipeline/load-policy-dirs.ts';
import { toolOptionsFromEnv } from '../src/render/tool-paths.ts';
import { planFixes } from '../src/workers/plan-fixes-on-pool.ts';
import { createWorkerPool, type WorkerPool } from '../src/workers/pool.ts';
import { eachGeneratedFile } from '../bench/generate.ts';

const REPO = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'preadmit-threads-'));
const pool = createWorkerPool({ size: 2 });
afterAll(async () => {
  await pool.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function check(dir: string, render: boolean, threads: WorkerPool | undefined) {
  const policySet = await loadPolicyDirs([BUILTIN_POLICIES]);
  const gathered = await gatherLocal(['.'], dir, policySet, {
    render,
    renderOptions: { tools: toolOptionsFromEnv(process.env) },
    ...(threads ? { threads: { pool: threads, policyDirs: [BUILTIN_POLICIES] } } : {}),
  });
  if (!gathered.ok) throw new Error(gathered.message);
  const { outcome } = gathered;
  const plan = await planFixes(outcome.fixes, outcome.baseDir, threads);
  return {
    findings: JSON.parse(JSON.stringify(outcome.findings)) as unknown[],
    roots: outcome.roots,
    stats: outcome.stats,
    fixes: outcome.fixes.map((f) => ({ file: f.file, documentIndex: f.documentIndex, patch: f.patch, findings: f.findings.length, own: [...f.own.values()] })),
    plan,
  };
}

describe('a check on worker threads equals the check in one thread', () => {
  it('on 450 generated plain files (threads evaluate them and plan their fixes)', async () => {
    eachGeneratedFile(450, 1, 5, (file, text) => writeFileSync(join(scratch, file.replaceAll('/', '_')), text));
    const alone = await check(scratch, true, undefined);
    const shared = await check(scratch, true, pool);
    expect(alone.fixes.length).toBeGreaterThan(200);
    expect(alone.plan.files.length).toBeGreaterThan(200);
    expect(shared).toEqual(alone);
  }, 300_000);

  it('with the fixes planned on the threads where the files were checked: the same findings, edits and planned files', async () => {
    const dir = mkdtempSync(join(scratch, 'planned-'));
    eachGeneratedFile(450, 1, 7, (file, text) => writeFileSync(join(dir, file.replaceAll('/', '_')), text));
    // one file of many documents besides (over 512 KB): cut into pieces checked on both threads
    const many: string[] = [];
    eachGeneratedFile(800, 800, 8, (_file, text) => many.push(text));
    writeFileSync(join(dir, 'zz-many.yaml'), many.join('---\n'));
    // and one whose second half holds a document too deep to read: read whole, as in one thread
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n${Array.from({ length: 300 }, (_, i) => ' '.repeat(i + 2) + 'a:').join('\n')}\n`;
    writeFileSync(join(dir, 'zz-stops.yaml'), [...many.slice(0, 1), deep, ...many.slice(1)].join('---\n').replace(many[many.length - 1] ?? '', deep));
    const alone = await check(dir, true, undefined);
    const policySet = await loadPolicyDirs([BUILTIN_POLICIES]);
    const gathered = await gatherLocal(['.'], dir, policySet, {
      render: true,
      renderOptions: { tools: toolOptionsFromEnv(process.env) },
      threads: { pool, policyDirs: [BUILTIN_POLICIES], plan: { files: true } },
    });
    if (!gathered.ok) throw new Error(gathered.message);
    const { outcome } = gathered;
    expect(outcome.fixes).toEqual([]);
    const planned = outcome.planned;
    expect(planned?.files.length).toBe(alone.plan.files.length);
    expect(planned?.files).toEqual(alone.plan.files);
    expect(planned?.problems).toEqual(alone.plan.problems);
    expect(planned?.fixedResources).toBe(alone.fixes.filter((f) => alone.plan.files.some((p) => p.file === f.file)).length);
    // planned on the threads, a finding comes back without composedEdits (the app's) and, when it has edits, without its fix's patch (reporters show the edits)
    const withoutComposed = (findings: unknown[]): unknown[] =>
      findings.map((f) => {
        const { composedEdits: _c, ...rest } = f as { composedEdits?: unknown; edits?: unknown[]; fix?: { description: string; patch: unknown[] } };
        return rest.fix && rest.edits && rest.edits.length > 0 ? { ...rest, fix: { description: rest.fix.description, patch: [] } } : rest;
      });
    expect(withoutComposed(JSON.parse(JSON.stringify(outcome.findings)) as unknown[])).toEqual(withoutComposed(alone.findings));
    expect(outcome.roots).toEqual(alone.roots);
    expect(alone.findings.filter((f) => (f as { file: string }).file === 'zz-many.yaml').length).toBeGreaterThan(800);
    expect(alone.findings.some((f) => (f as { file: string; message: string }).file === 'zz-stops.yaml' && (f as { message: string }).message.includes('Reading stopped'))).toBe(true);
  }, 300_000);

  it('with a PolicyException in one of the files: the threads apply it to the resources of the others', async () => {
    const dir = mkdtempSync(join(scratch, 'exception-'));
    eachGeneratedFile(450, 1, 9, (file, text) => writeFileSync(join(dir, file.replaceAll('/', '_')), text));
    const tokenOnDeployments = (findings: unknown[]): number =>
      findings.filter((f) => (f as { policy: string; resource?: { kind: string } }).policy === 'automount-sa-token-disabled' && (f as { resource?: { kind: string } }).resource?.kind === 'Deployment').length;
    const without = await check(dir, true, pool);
    expect(tokenOnDeployments(without.findings)).toBeGreaterThan(10);
    writeFileSync(
      join(dir, 'zz-exception.yaml'),
      ['apiVersion: kyverno.io/v2', 'kind: PolicyException', 'metadata:', '  name: deployments-keep-their-token', 'spec:', '  exceptions:', '    - policyName: automount-sa-token-disabled', '      ruleNames: [autogen-no-automounted-token]', '  match:', '    any:', '      - resources:', '          kinds: [Deployment]', ''].join('\n'),
    );
    const alone = await check(dir, true, undefined);
    const shared = await check(dir, true, pool);
    expect(tokenOnDeployments(alone.findings)).toBe(0);
    expect(shared).toEqual(alone);
  }, 300_000);

  it('on the demo repository, with kustomize and Helm roots', async () => {
    const alone = await check(join(REPO, 'examples/demo-repo'), true, undefined);
    const shared = await check(join(REPO, 'examples/demo-repo'), true, pool);
    expect(alone.findings.length).toBeGreaterThan(5);
    expect(shared).toEqual(alone);
  }, 120_000);
});
