import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../manifest/parse.ts';
import { loadPolicies } from '../policy/load.ts';
import { checkParsedFiles } from './check.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'fix-cli');
const policyFile = join(fixtures, 'policies', 'policies.yaml');
const policies = loadPolicies(
  parseManifestText(policyFile, readFileSync(policyFile, 'utf8')).resources.map((r) => ({ object: r.object, file: policyFile, documentIndex: r.origin.documentIndex })),
  'security',
).policies;
const repo = join(fixtures, 'repo', 'apps.yaml');
const files = [parseManifestText('repo/apps.yaml', readFileSync(repo, 'utf8'))];

describe('checkParsedFiles', () => {
  it('composes fixes by default', () => {
    const result = checkParsedFiles(files, policies);
    expect(result.fixes).toHaveLength(1);
    expect(result.findings.every((f) => f.fixable)).toBe(true);
  });

  it('with fixes: false reports the same findings and derives no fixes (the base side of a comparison)', () => {
    const withFixes = checkParsedFiles(files, policies);
    const without = checkParsedFiles(files, policies, [], {}, { fixes: false });
    expect(without.fixes).toEqual([]);
    expect(without.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(withFixes.findings.map((f) => `${f.file}:${f.line} ${f.rule}`));
    expect(without.findings.some((f) => f.fixable)).toBe(false);
  });
});
