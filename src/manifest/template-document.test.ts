import { describe, expect, it } from 'vitest';
import { parseManifestText } from './parse.ts';

describe('a document with unquoted template actions', () => {
  it('is reported on the action as a template, not evaluated with a mapping for a name', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .E2ENamespace }}\n  labels:\n    test-run: "{{ .TestRun }}"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n';
    const result = parseManifestText('ns.yaml', text);
    expect(result.resources.map((r) => r.object['kind'])).toEqual(['ConfigMap']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ document: true, range: { start: { line: 4, column: 9 } } });
    expect(result.problems[0]?.message).toMatch(/^This document is a template, not a manifest: a template action \(\{\{ … \}\}\) written unquoted/);
    expect(result.problems[0]?.message).toContain('roots.exclude');
  });

  it('leaves quoted actions (Argo Workflows, alert templates) and block text alone', () => {
    const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\nspec:\n  arguments: {parameters: [{name: n, value: "{{workflow.name}}"}]}\n  script: |\n    echo {{inputs.parameters.x}}\n';
    const result = parseManifestText('wf.yaml', text);
    expect(result.problems).toEqual([]);
    expect(result.resources).toHaveLength(1);
  });
});
