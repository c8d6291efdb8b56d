/**
 * Issue 4 "done when": for every built-in policy with a fix, bad resource → `check --fix` →
 * `check` reports nothing fixable for that rule, and every byte outside the edited lines is
 * unchanged (a file with comments, flow style, quotes and several documents). Issue 9: each
 * finding's own edits, applied alone, fix that finding and nothing else.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

interface Edit { file: string; startLine: number; endLine: number; lines: string[] }
interface JsonFinding { file: string; policy: string; rule: string; fixable: boolean; edits?: Edit[]; resource?: { name: string } }

const root = join(import.meta.dirname, '..');
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'preadmit-builtin-fix-'));
  cpSync(join(import.meta.dirname, 'fixtures', 'builtin-fix'), dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(...args: string[]): Promise<JsonFinding[]> {
  let out = '';
  const at = args[0] === '--cwd-dir' ? (args[1] ?? dir) : dir;
  const rest = args[0] === '--cwd-dir' ? args.slice(2) : args;
  await run(['check', '.', '--format', 'json', ...rest], { stdout: (t) => (out += t), stderr: () => undefined, cwd: at });
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

    // one finding, its own fix: each finding's edits alone fix that finding and change nothing else
    const edited: string[] = [];
    for (const f of fixable) {
      expect(f.edits?.length ?? 0).toBeGreaterThan(0);
      const alone = applyByHand(before, f.edits ?? []);
      const copy = mkdtempSync(join(tmpdir(), 'preadmit-builtin-own-'));
      try {
        writeFileSync(join(copy, 'workloads.yaml'), alone);
        const after = await check('--cwd-dir', copy);
        const same = (g: JsonFinding): boolean => g.policy === f.policy && g.rule === f.rule && g.resource?.name === f.resource?.name;
        expect(after.filter(same), `${f.policy}/${f.rule} on ${f.resource?.name}`).toEqual([]);
        // the other resources' findings are all still there: the edit changed nothing of theirs
        const others = (list: JsonFinding[]): string[] => list.filter((g) => g.resource?.name !== f.resource?.name).map((g) => `${g.policy}/${g.rule}/${g.resource?.name}`).sort();
        expect(others(after)).toEqual(others(findings));
        // and of its own resource's findings it removed its own, and at most those its rule includes (Restricted includes Baseline)
        const own = (list: JsonFinding[]): string[] => list.filter((g) => g.resource?.name === f.resource?.name && !same(g)).map((g) => `${g.policy}/${g.rule}`).sort();
        const gone = own(findings).filter((k) => !own(after).includes(k));
        expect(gone.every((k) => f.policy === 'pod-security-restricted' && k.startsWith('pod-security-baseline/')), `${f.policy} also removed ${gone.join(', ')}`).toBe(true);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
      edited.push(alone);
    }
    expect(new Set(edited).size).toBe(fixable.length);

    await check('--fix');
    const after = readFileSync(join(dir, 'workloads.yaml'), 'utf8');
    // the untouched head of the file, with its comments and flow style, is byte-identical
    expect(after.startsWith(before.split('\n').slice(0, 20).join('\n'))).toBe(true);

    const again = await check();
    const stillFailing = again.filter((f) => fixedRules.has(`${f.policy}/${f.rule.replace(/^autogen-(cronjob-)?/, '')}`));
    expect(stillFailing).toEqual([]);
  });
});
