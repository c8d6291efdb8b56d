import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { helmSourceMap, templateSegment } from './source-map.ts';
import { helmSourceOperation } from './source-operation.ts';
import type { ValuesFile } from './values-refs.ts';

// an operator chart whose security contexts are `toYaml` of values keys its values.yaml never sets,
// and whose container item opens with a key of its own (`- args:`) that a toYaml fills
const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
spec:
  template:
    spec:
      securityContext:
      {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
      - args:
{{ toYaml .Values.operator.args | indent 10 }}
        image: operator:1
        name: operator
`;

const VALUES = `operator:
  args:
    - --leader-elect
`;

const object: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'operator' },
  spec: { template: { spec: { securityContext: null, containers: [{ args: ['--leader-elect'], image: 'operator:1', name: 'operator' }] } } },
};

const values = (): ValuesFile[] => [{ file: 'values.yaml', doc: parseRangedDocuments(VALUES)[0], prefix: [] }];
const map = () => helmSourceMap(object, templateSegment('templates/deployment.yaml', TEMPLATE, 'Deployment', 0), values());

describe('helm source map: toYaml of a values key no values file sets', () => {
  it('places the null field on its template line, with the values key it would be set by', () => {
    const source = map()('/spec/template/spec/securityContext');
    expect(source?.source).toMatchObject({ file: 'templates/deployment.yaml', range: { start: { line: 8 } } });
    expect(source?.unset).toBe(true);
    expect(source?.values?.pointer).toBe('/podSecurityContext');
  });

  it('writes a fix that sets the field as a whole by adding the key to values.yaml, and refuses one under it', () => {
    const set = helmSourceOperation(object, map(), new Set(), { op: 'replace', path: '/spec/template/spec/securityContext', value: { runAsNonRoot: true } });
    expect(set.ok && set.value).toEqual({ file: 'values.yaml', documentIndex: 0, op: { op: 'add', path: '/podSecurityContext', value: { runAsNonRoot: true } } });
    const under = helmSourceOperation(object, map(), new Set(), { op: 'add', path: '/spec/template/spec/securityContext/runAsNonRoot', value: true });
    expect(under.ok).toBe(false);
  });
});

describe('helm source map: a list item whose line opens a key of its own', () => {
  it('places the item on its `- ` line, not on the values key a toYaml under that key renders', () => {
    const item = map()('/spec/template/spec/containers/0');
    expect(item?.source).toMatchObject({ file: 'templates/deployment.yaml', range: { start: { line: 11 } } });
    // the key's own value still maps to its values key
    expect(map()('/spec/template/spec/containers/0/args')?.values?.pointer).toBe('/operator/args');
  });
});
