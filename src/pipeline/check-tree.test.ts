import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinPoliciesDir } from '../core/package-files.ts';
import type { FileTree } from '../render/roots/types.ts';
import { checkTree } from './check-tree.ts';
import { loadPolicyDirs } from './load-policy-dirs.ts';

const files: Record<string, string> = {
  'a-exception.yaml': [
    'apiVersion: kyverno.io/v2',
    'kind: PolicyException',
    'metadata:',
    '  name: web-keeps-its-token',
    'spec:',
    '  exceptions:',
    '    - policyName: automount-sa-token-disabled',
    '      ruleNames: [no-automounted-token]',
    '  match:',
    '    any:',
    '      - resources:',
    '          kinds: [Pod]',
    '          names: [web]',
    '',
  ].join('\n'),
  'b-notes.yaml': 'title: not a manifest\n',
  'c-pods.yaml': ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', '  containers:', '    - name: web', '      image: ghcr.io/acme/web:1.0', '---', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: api', 'spec:', '  containers:', '    - name: api', '      image: ghcr.io/acme/api:1.0', ''].join('\n'),
};
const tree: FileTree = { paths: Object.keys(files).sort(), read: (path) => files[path] };
const roots = [
  { path: 'a-exception.yaml', renderer: 'plain' as const },
  { path: 'c-pods.yaml', renderer: 'plain' as const },
];

describe('checkTree on plain files', () => {
  it('applies a PolicyException declared in one file to the resources of another, and only when manifests may exempt', async () => {
    const { policies } = await loadPolicyDirs([builtinPoliciesDir()]);
    const token = async (manifestExceptions: boolean): Promise<string[]> => {
      const result = await checkTree({ dir: join('/nonexistent'), tree, roots, policies, exceptions: [], manifestExceptions, keepRendered: false });
      return result.findings.filter((f) => f.rule === 'no-automounted-token').map((f) => f.resource?.name ?? '');
    };
    expect(await token(true)).toEqual(['api']);
    expect((await token(false)).sort()).toEqual(['api', 'web']);
  });

  it('keeps the resources of each root for a comparison unless told not to', async () => {
    const { policies } = await loadPolicyDirs([builtinPoliciesDir()]);
    const kept = await checkTree({ dir: '/nonexistent', tree, roots, policies, exceptions: [], fixes: false });
    expect(kept.rendered.map((r) => r.resources.length)).toEqual([1, 2]);
    const dropped = await checkTree({ dir: '/nonexistent', tree, roots, policies, exceptions: [], fixes: false, keepRendered: false });
    expect(dropped.rendered.map((r) => r.resources.length)).toEqual([0, 0]);
    expect(dropped.roots.map((r) => r.resources)).toEqual([1, 2]);
  });
});
