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

  it('is checked as kubectl reads it, with a notice naming the YAML 1.2 rule it breaks and how to indent it, not as a template', () => {
    const result = parseManifestText('workflow.yaml', UNDER_INDENTED + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: "{{workflow.name}}"}\n');
    expect(result.resources.map((r) => r.object['kind'])).toEqual(['Workflow', 'ConfigMap']);
    const [workflow] = result.resources;
    // read as kubectl reads it, each field on its own line, and marked so that no fix is written into it
    expect((workflow?.object['spec'] as { templates: { container: { args: string[] } }[] }).templates[0]?.container.args).toEqual([' go build -v . ']);
    expect(workflow?.origin.ranges.get('/spec/templates/0/container/workingDir')?.start.line).toBe(13);
    expect(workflow?.origin.lenient).toBe(true);
    expect(result.resources[1]?.origin.lenient).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    const message = result.problems[0]?.message ?? '';
    expect(message).toMatch(/^YAML 1\.2 readers refuse this document \(Missing closing "quote\), but kubectl reads it/);
    expect(message).toContain('must be indented more than its key');
    expect(message).toContain('it was checked as kubectl reads it');
    expect(message).not.toContain('template markers');
    expect(result.problems[0]?.notice).toBe(true);
    expect(result.problems[0]?.document).toBe(true);
  });

  it('is reported as not checked when it cannot be read with its lines indented', () => {
    // a tagged value: the line that opens it is not found, so its lines are not indented; the document is left unread, and the problem blocks
    const tagged = UNDER_INDENTED.replace('args: ["', 'args: !!seq ["');
    expect(readsLeniently(tagged)).toBe(true);
    const result = parseManifestText('workflow.yaml', tagged);
    expect(result.resources).toEqual([]);
    const message = result.problems[0]?.message ?? '';
    expect(message).toMatch(/^Invalid YAML: Missing closing "quote — kubectl reads this document/);
    expect(message).toContain('nothing in this document was checked');
    expect(result.problems[0]?.notice).toBeUndefined();
  });

  it('a duplicate key away from any template marker is not said to be a template', () => {
    const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  annotations: {a: b}\n  annotations: {c: d}\nspec:\n  arguments: {parameters: [{name: n, value: "{{workflow.name}}"}]}\n';
    const result = parseManifestText('wf.yaml', text);
    expect(result.problems[0]?.message).toBe('Invalid YAML: Map keys must be unique: annotations appears twice in the same mapping');
    expect(result.problems[0]?.document).toBeUndefined();
  });
});
