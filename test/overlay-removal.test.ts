/**
 * A field a shared base writes and an overlay's JSON patch removes (as argo-cd's dev overlay
 * removes its containers' securityContext): the finding on the rendered resource sits on the
 * patch operation that removes it, and the fix is not written into the base, where it would
 * replace what the base holds for every other overlay without reaching this one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { noEscalationPolicy } from './helpers/no-escalation-policy.ts';
import { loadPolicies } from '../src/policy/load.ts';
import { checkTree } from '../src/pipeline/check-tree.ts';
import { directoryTree } from '../src/workspace/fs-tree.ts';

const policy = noEscalationPolicy(true);

const BASE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
`;

const OVERLAY = `resources:
  - ../base
patches:
  - target:
      kind: Deployment
      name: web
    patch: |-
      - op: remove
        path: /spec/template/spec/containers/0/securityContext
`;

const files: Record<string, string> = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': BASE_DEPLOYMENT,
  'debug/kustomization.yaml': OVERLAY,
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'preadmit-overlay-removal-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('a field the base writes and an overlay removes', () => {
  it('is reported on the removing patch operation, with no edit of the base and a note that says where to change it', async () => {
    const dir = tree();
    const { policies } = loadPolicies([{ object: policy, file: 'p.yaml', documentIndex: 0 }], 'security');
    const result = await checkTree({ dir, tree: directoryTree(dir), roots: [{ path: 'debug', renderer: 'kustomize' }], policies, exceptions: [] });
    const finding = result.findings.find((f) => f.policy === 'no-escalation');
    expect(finding).toBeDefined();
    // the remove operation is line 8 of the overlay's kustomization (the first line of the inline patch)
    expect(`${finding?.file}:${finding?.line}`).toBe('debug/kustomization.yaml:8');
    expect(finding?.fixable).toBe(false);
    expect(finding?.fixNote).toContain('is written in base/deployment.yaml but the JSON patch at debug/kustomization.yaml:8 removes it');
    expect(finding?.fixNote).toContain('change the overlay');
    expect(result.fixes.filter((fix) => fix.file === 'base/deployment.yaml')).toEqual([]);
  });

  it('the base checked on its own still passes: its securityContext is kept', async () => {
    const dir = tree();
    const { policies } = loadPolicies([{ object: policy, file: 'p.yaml', documentIndex: 0 }], 'security');
    const result = await checkTree({ dir, tree: directoryTree(dir), roots: [{ path: 'base', renderer: 'kustomize' }], policies, exceptions: [] });
    expect(result.findings.filter((f) => f.policy === 'no-escalation')).toEqual([]);
  });
});
