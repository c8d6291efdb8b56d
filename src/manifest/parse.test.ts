import { describe, expect, it } from 'vitest';
import { parseManifestText } from './parse.ts';
import { isListItemOrigin } from './origin.ts';
import type { Range } from './types.ts';

const at = (r: Range | undefined): string => (r ? `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}` : 'none');

const deployment = `# leading comment
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # trailing comment
  labels:
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.25

      - {name: side, image: "busybox"}
---
---
not: a resource
---
apiVersion: v1
kind: Service
metadata: {name: web}
`;

describe('parseManifestText', () => {
  const parsed = parseManifestText('apps/web.yaml', deployment);

  it('returns every resource with file, document index and document range', () => {
    expect(parsed.problems).toEqual([]);
    expect(parsed.resources.map((r) => [r.object['kind'], r.origin.file, r.origin.documentIndex])).toEqual([
      ['Deployment', 'apps/web.yaml', 0],
      ['Service', 'apps/web.yaml', 3],
    ]);
    expect(parsed.skipped).toBe(1);
    expect(at(parsed.resources[0]?.origin.documentRange)).toBe('2:1-15:39');
    expect(at(parsed.resources[1]?.origin.documentRange)).toBe('19:1-22:22');
  });

  it('maps mapping entries from the key to the end of the value', () => {
    const ranges = parsed.resources[0]?.origin.ranges;
    expect(at(ranges?.get(''))).toBe('3:1-15:39');
    expect(at(ranges?.get('/metadata'))).toBe('5:1-7:10');
    expect(at(ranges?.get('/metadata/name'))).toBe('6:3-6:12');
    expect(at(ranges?.get('/metadata/labels'))).toBe('7:3-7:10');
    expect(at(ranges?.get('/spec/template/spec/containers/0/image'))).toBe('13:9-13:26');
    expect(at(ranges?.get('/spec/template/spec/containers/1/image'))).toBe('15:22-15:38');
  });

  it('maps sequence items to the item itself', () => {
    const ranges = parsed.resources[0]?.origin.ranges;
    expect(at(ranges?.get('/spec/template/spec/containers/0'))).toBe('12:9-13:26');
    expect(at(ranges?.get('/spec/template/spec/containers/1'))).toBe('15:9-15:39');
  });

  it('has a range for every node of the object', () => {
    const origin = parsed.resources[0]?.origin;
    const pointers = [...(origin?.ranges.keys() ?? [])];
    expect(pointers).toContain('/apiVersion');
    expect(pointers).toHaveLength(16);
  });

  it('reports an invalid document and still returns the valid ones', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n---\nmetadata:\n  name: x\n  name: y\n---\napiVersion: v1\nkind: Secret\n';
    const result = parseManifestText('mixed.yaml', text);
    expect(result.resources.map((r) => [r.object['kind'], r.origin.documentIndex])).toEqual([
      ['ConfigMap', 0],
      ['Secret', 2],
    ]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.range.start).toEqual({ line: 6, column: 3 });
    expect(result.problems[0]?.message).toBe('Invalid YAML: Map keys must be unique: name appears twice in the same mapping');
  });

  it('says a document that fails to parse and holds template markers looks like a template, and how to leave it out', () => {
    const template = 'apiVersion: v1\nkind: ConfigMap\n---\nkind: Plugin\nspec:\n  platforms:\n  - selector: {}\n    {{addURIAndSha "https://x/{{ .TagName }}.tgz" .TagName }}\n    bin: x\n';
    const result = parseManifestText('plugin.yaml', template);
    expect(result.resources).toHaveLength(1);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(/^Invalid YAML: .+ — the document holds template markers \(\{\{ … \}\} or \{% … %\}\): .+roots\.exclude in \.github\/preadmit\.yml/);
    expect(result.problems[0]?.document).toBe(true);
    // a Jinja statement (mkdocs' {% raw %} around a snippet) is one too
    const jinja = parseManifestText('snippet.yaml', '{% raw %}\napiVersion: v1\nkind: ConfigMap\n{% endraw %}\n');
    expect(jinja.problems[0]?.document).toBe(true);
    // without markers: the plain message, which the finding completes
    const plain = parseManifestText('bad.yaml', 'kind: x\n  a: b\n c\n');
    expect(plain.problems[0]?.message).not.toContain('template');
    expect(plain.problems[0]?.document).toBeUndefined();
  });

  it('reads plain scalars the way kubectl does (YAML 1.1)', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  mode: 0644\n  flag: yes\n  when: 2001-12-14\n  time: 1:30\n  quoted: "0644"\n';
    const object = parseManifestText('cm.yaml', text).resources[0]?.object;
    expect(object?.['data']).toEqual({ mode: 420, flag: true, when: '2001-12-14', time: '1:30', quoted: '0644' });
  });

  it('follows merge keys and locates merged fields at their mapping', () => {
    const text = 'base: &base {app: web}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    <<: {app: web, tier: x}\n    own: z\n';
    const result = parseManifestText('m.yaml', text);
    expect(result.resources[0]?.object['metadata']).toEqual({ labels: { app: 'web', tier: 'x', own: 'z' } });
    const ranges = result.resources[0]?.origin.ranges;
    expect(ranges?.has('/metadata/labels/<<')).toBe(false);
    expect(at(ranges?.get('/metadata/labels/own'))).toBe('8:5-8:11');
  });

  it('escapes pointer segments', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    example.com/a~b: "1"\n';
    const ranges = parseManifestText('p.yaml', text).resources[0]?.origin.ranges;
    expect(at(ranges?.get('/metadata/annotations/example.com~1a~0b'))).toBe('5:5-5:25');
  });

  it('ignores empty and comment-only documents', () => {
    const result = parseManifestText('e.yaml', '---\n# nothing\n---\n~\n---\n');
    expect(result).toEqual({ file: 'e.yaml', resources: [], skipped: 0, problems: [] });
  });

  it('accepts a leading byte order mark', () => {
    const result = parseManifestText('bom.yaml', '\uFEFFapiVersion: v1\nkind: Namespace\n');
    expect(result.problems).toEqual([]);
    expect(result.resources[0]?.object['kind']).toBe('Namespace');
  });
});

describe('List documents', () => {
  const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: one
- just a string
- apiVersion: apps/v1
  kind: Deployment
  spec:
    replicas: 2
`;
  const result = parseManifestText('list.yaml', text);

  it('expands items into resources and skips items that are not resources', () => {
    expect(result.resources.map((r) => r.object['kind'])).toEqual(['ConfigMap', 'Deployment']);
    expect(result.skipped).toBe(1);
  });

  it('re-bases item ranges on the item and keeps the item pointer', () => {
    const origin = result.resources[1]?.origin;
    expect(origin && isListItemOrigin(origin) ? origin.itemPointer : undefined).toBe('/items/2');
    expect(at(origin?.ranges.get(''))).toBe('9:3-12:16');
    expect(at(origin?.ranges.get('/spec/replicas'))).toBe('12:5-12:16');
    expect(origin?.ranges.has('/items/2/spec')).toBe(false);
    expect(at(origin?.documentRange)).toBe('1:1-12:16');
  });
});

describe('JSON files', () => {
  it('maps pointers in JSON', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "spec": {\n    "containers": [\n      {"name": "a", "image": "x"}\n    ]\n  }\n}\n';
    const result = parseManifestText('pod.json', text);
    expect(result.problems).toEqual([]);
    expect(at(result.resources[0]?.origin.ranges.get('/spec/containers/0/image'))).toBe('6:21-6:33');
  });

  it('reads JSON as JSON, not YAML 1.1', () => {
    const result = parseManifestText('cm.json', '{"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "\\/x"}}');
    expect(result.resources[0]?.object['data']).toEqual({ a: '/x' });
  });

  it('rejects what YAML accepts but JSON does not', () => {
    const result = parseManifestText('bad.json', '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n}\n');
    expect(result.resources).toEqual([]);
    expect(result.problems[0]?.message).toMatch(/^Invalid JSON: /);
    expect(result.problems[0]?.range.start).toEqual({ line: 4, column: 1 });
  });
});
