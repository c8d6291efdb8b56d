/**
 * `check --no-fixes`: the check without fix derivation, composition or planning reports the
 * same findings (without edits, none fixable) and the same exit status as the full check — on
 * the demo repository (plain, kustomize and Helm roots) and on plain files shared out over
 * worker threads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eachGeneratedFile } from '../bench/generate.ts';
import { run } from '../src/cli/main.ts';
import { copyOutside, ROOT } from './helpers/packed.ts';

interface JsonFinding {
  fixable: boolean;
  edits?: unknown[];
  [key: string]: unknown;
}

const scratch = mkdtempSync(join(tmpdir(), 'preadmit-no-fixes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function check(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['check', ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t + '\n'), cwd, env });
  return { code, out, err };
}

const findingsOf = (out: string): JsonFinding[] => (JSON.parse(out) as { findings: JsonFinding[] }).findings;

/** A finding as --no-fixes reports it: no edits, not fixable. */
function withoutFix(finding: JsonFinding): JsonFinding {
  const { edits: _edits, ...rest } = finding;
  return { ...rest, fixable: false };
}

async function compare(cwd: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const full = await check(['.', '--format', 'json'], cwd, env);
  const bare = await check(['.', '--format', 'json', '--no-fixes'], cwd, env);
  const fullFindings = findingsOf(full.out);
  const bareFindings = findingsOf(bare.out);
  // the comparison means something only when the full check had fixes to leave out
  expect(fullFindings.filter((f) => f.fixable && (f.edits ?? []).length > 0).length).toBeGreaterThan(0);
  expect(bareFindings.some((f) => f.fixable || f.edits !== undefined)).toBe(false);
  expect(bareFindings).toEqual(fullFindings.map(withoutFix));
  expect(bare.code).toBe(full.code);
  expect(JSON.parse(bare.out).roots).toEqual(JSON.parse(full.out).roots);
}

describe('check --no-fixes', () => {
  it('reports the demo repository’s findings and exit status as the full check does, without their fixes', async () => {
    await compare(copyOutside(join(ROOT, 'examples', 'demo-repo'), 'demo'));
  }, 120_000);

  it('does so on plain files checked on worker threads', async () => {
    const dir = mkdtempSync(join(scratch, 'threads-'));
    eachGeneratedFile(450, 1, 11, (file, text) => writeFileSync(join(dir, file.replaceAll('/', '_')), text));
    await compare(dir, { ...process.env, PREADMIT_WORKERS: '2' });
  }, 300_000);

  it('prints no fix in text, and refuses --fix and --diff, which need fixes', async () => {
    const demo = copyOutside(join(ROOT, 'examples', 'demo-repo'), 'demo-text');
    const text = await check(['.', '--no-fixes'], demo);
    expect(text.out).toContain('pod-security-baseline');
    expect(text.out).not.toContain('    fix: ');
    for (const flag of ['--fix', '--diff']) {
      const refused = await check(['.', '--no-fixes', flag], demo);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain(`--no-fixes works out no fixes, so there is nothing for ${flag}`);
    }
  }, 120_000);
});
