import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyDirs } from '../pipeline/load-policy-dirs.ts';
import type { Policy } from '../policy/types.ts';
import { evaluateChange, manifestChanges } from './evaluate-change.ts';

const POLICIES = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'test', 'fixtures', 'app', 'policies');
const pod = (image: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ${image}\n`;

describe('manifestChanges', () => {
  it('keeps YAML/JSON that exist on the head, not the config file, and caps the count', () => {
    const files = [
      { filename: 'a.yaml', status: 'added' as const },
      { filename: 'b.json', status: 'modified' as const },
      { filename: 'c.yml', status: 'removed' as const },
      { filename: 'README.md', status: 'modified' as const },
      { filename: '.github/preadmit.yml', status: 'modified' as const },
    ];
    expect(manifestChanges(files).files.map((f) => f.filename)).toEqual(['a.yaml', 'b.json']);
    expect(manifestChanges(files, 1)).toEqual({ files: [files[0]], note: '2 manifests changed; only the first 1 (by path) were checked.' });
  });
});

describe('evaluateChange', () => {
  let policies: Policy[];
  beforeAll(async () => {
    policies = (await loadPolicyDirs([POLICIES])).policies;
  });

  it('classifies against the base, reading a renamed file’s base under its new name', () => {
    const changes = [
      { filename: 'new/p.yaml', status: 'renamed' as const, previousFilename: 'old/p.yaml' },
      { filename: 'q.yaml', status: 'modified' as const },
      { filename: 'r.yaml', status: 'added' as const },
    ];
    const head = new Map([
      ['new/p.yaml', pod('nginx:latest')],
      ['q.yaml', pod('nginx:1.0')],
      ['r.yaml', pod('redis:latest')],
    ]);
    const base = new Map([
      ['old/p.yaml', pod('nginx:latest')],
      ['q.yaml', pod('nginx:latest')],
      ['r.yaml', pod('ignored:latest')],
    ]);
    const { classified, stats } = evaluateChange(changes, head, base, policies);
    expect(classified.existing.map((f) => f.file)).toEqual(['new/p.yaml']);
    expect(classified.fixed.map((f) => f.file)).toEqual(['q.yaml']);
    expect(classified.new.map((f) => [f.file, f.line])).toEqual([['r.yaml', 8]]);
    expect(stats).toEqual({ files: 3, resources: 3 });
  });

  it('plans the edits of resources with new findings only: no suggestion nor apply is ever made of the others', async () => {
    const builtin = (await loadPolicyDirs([join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'policies')])).policies;
    const deployment = (name: string, image: string): string =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: c\n          image: ${image}\n`;
    const base = new Map([['d.yaml', deployment('old', 'nginx:1.0')]]);
    const head = new Map([['d.yaml', `${deployment('old', 'nginx:1.0')}---\n${deployment('added', 'redis:7')}`]]);
    const { classified, fixProblems } = evaluateChange([{ filename: 'd.yaml', status: 'modified' }], head, base, builtin);
    expect(fixProblems).toEqual([]);
    // both resources have fixable findings; only the new resource's carry their edits
    expect(classified.existing.some((f) => f.fix !== undefined)).toBe(true);
    expect(classified.existing.filter((f) => f.edits !== undefined)).toEqual([]);
    const fixedNew = classified.new.filter((f) => f.fix !== undefined);
    expect(fixedNew.length).toBeGreaterThan(0);
    for (const finding of fixedNew) expect(finding.edits?.length ?? 0, `${finding.policy}/${finding.rule}`).toBeGreaterThan(0);
    expect(new Set(fixedNew.flatMap((f) => f.edits ?? []).map((e) => e.startLine >= 15))).toEqual(new Set([true]));
  });
});
