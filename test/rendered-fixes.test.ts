/**
 * Issue 6: a fix on a rendered resource is offered as a suggestion only when it is an edit of
 * one source file; a field emitted by a Helm template gets no source edit — its patch stays on
 * the finding (shown in the check run), which is not fixable and says why (issue 9).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noEscalationPolicy } from './helpers/no-escalation-policy.ts';
import { loadPolicies } from '../src/policy/load.ts';
import { checkTree } from '../src/pipeline/check-tree.ts';
import { directoryTree } from '../src/workspace/fs-tree.ts';

const policy = noEscalationPolicy();

describe('fixes on rendered resources', () => {
  it('keeps the patch but offers no source edit for a field a Helm template emits, and says why', async () => {
    const dir = join(import.meta.dirname, 'fixtures', 'render', 'chart-basic');
    const { policies } = loadPolicies([{ object: policy, file: 'p.yaml', documentIndex: 0 }], 'security');
    const result = await checkTree({ dir, tree: directoryTree(dir), roots: [{ path: '.', renderer: 'helm' }], policies, exceptions: [] });
    const finding = result.findings.find((f) => f.policy === 'no-escalation');
    expect(finding?.file).toBe('templates/deployment.yaml');
    expect(finding?.fixable).toBe(false);
    expect(finding?.fixNote).toMatch(/the template at templates\/deployment\.yaml:\d+ writes this/);
    expect(finding?.fix?.patch).toEqual([{ op: 'replace', path: '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation', value: false }]);
    expect(result.fixes).toEqual([]);
  });
});
