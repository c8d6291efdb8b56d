import { describe, expect, it } from 'vitest';
import { parseManifestText } from './parse.ts';
import { readsLeniently } from './lenient-read.ts';

// a workflow step whose quoted argument closes at its key's indentation, as Argo's examples write it
const UNDER_INDENTED = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: build
spec:
  templates:
  - name: build
    container:
      image: golang:1.22
      args: ["
        go build -v .
      "]
      workingDir: /src
`;

describe('a document only a lenient YAML reader (as kubectl) reads', () => {
  it('is told apart from broken YAML', () => {
    expect(readsLeniently(UNDER_INDENTED)).toBe(true);
    expect(readsLeniently('apiVersion: v1\nkind: ConfigMap\ndata: {a: [\n')).toBe(false);
    expect(readsLeniently('- a\n- b\n')).toBe(false);
  });

  it('is reported as not checked, with the YAML 1.2 rule it breaks and how to indent it, not as a template', () => {
    const result = parseManifestText('workflow.yaml', UNDER_INDENTED + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: "{{workflow.name}}"}\n');
    expect(result.resources.map((r) => r.object['kind'])).toEqual(['ConfigMap']);
    expect(result.problems).toHaveLength(1);
    const message = result.problems[0]?.message ?? '';
    expect(message).toMatch(/^Invalid YAML: Missing closing "quote — kubectl reads this document/);
    expect(message).toContain('must be indented more than its key');
    expect(message).toContain('nothing in this document was checked');
    expect(message).not.toContain('template markers');
    expect(result.problems[0]?.document).toBe(true);
  });

  it('a duplicate key away from any template marker is not said to be a template', () => {
    const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  annotations: {a: b}\n  annotations: {c: d}\nspec:\n  arguments: {parameters: [{name: n, value: "{{workflow.name}}"}]}\n';
    const result = parseManifestText('wf.yaml', text);
    expect(result.problems[0]?.message).toBe('Invalid YAML: Map keys must be unique: annotations appears twice in the same mapping');
    expect(result.problems[0]?.document).toBeUndefined();
  });
});
