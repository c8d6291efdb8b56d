/**
 * Issue 4 "done when": for every built-in policy with a fix, bad resource → `check --fix` →
 * `check` reports nothing fixable for that rule, and every byte outside the edited lines is
 * unchanged (a file with comments, flow style, quotes and several documents).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

interface Edit { file: string; startLine: number; endLine: number; lines: string[] }
interface JsonFinding { file: string; policy: string; rule: string; fixable: boolean; edits?: Edit[] }

const root = join(import.meta.dirname, '..');
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'preadmit-builtin-fix-'));
  cpSync(join(import.meta.dirname, 'fixtures', 'builtin-fix'), dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(...args: string[]): Promise<JsonFinding[]> {
  let out = '';
  await run(['check', '.', '--format', 'json', ...args], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
  return (JSON.parse(out) as { findings: JsonFinding[] }).findings;
}

/** Rules of the built-in policies that declare a fix: `policy/rule`. */
function builtinFixes(): string[] {
  const found: string[] = [];
  for (const layer of ['security', 'operations', 'developer']) {
    for (const name of readdirSync(join(root, 'policies', layer))) {
      const text = readFileSync(join(root, 'policies', layer, name, 'policy.yaml'), 'utf8');
      for (const m of text.matchAll(/preadmit\.dev\/fix\.([\w-]+):/g)) found.push(`${name}/${m[1]}`);
    }
  }
  return found.sort();
}

/** Replace line ranges bottom-up, as a reader of the edits would. */
function applyByHand(text: string, edits: readonly Edit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].sort((a, b) => b.startLine - a.startLine)) lines.splice(e.startLine - 1, e.endLine - e.startLine + 1, ...e.lines);
  return lines.join('\n');
}

describe('built-in fixes round trip', () => {
  it('fixes every fixable built-in rule and leaves every other byte alone', async () => {
    const before = readFileSync(join(dir, 'workloads.yaml'), 'utf8');
    const findings = await check();
    const fixable = findings.filter((f) => f.fixable);
    const fixedRules = new Set(fixable.map((f) => `${f.policy}/${f.rule.replace(/^autogen-(cronjob-)?/, '')}`));
    expect([...fixedRules].sort()).toEqual(builtinFixes());

    const edits = new Map<string, Edit>();
    for (const f of fixable) for (const e of f.edits ?? []) edits.set(JSON.stringify(e), e);
    expect(edits.size).toBeGreaterThan(0);
    const expected = applyByHand(before, [...edits.values()]);

    await check('--fix');
    const after = readFileSync(join(dir, 'workloads.yaml'), 'utf8');
    expect(after).toBe(expected);
    // the untouched head of the file, with its comments and flow style, is byte-identical
    expect(after.startsWith(before.split('\n').slice(0, 20).join('\n'))).toBe(true);

    const again = await check();
    const stillFailing = again.filter((f) => fixedRules.has(`${f.policy}/${f.rule.replace(/^autogen-(cronjob-)?/, '')}`));
    expect(stillFailing).toEqual([]);
  });
});
