import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { helmSourceMap, templateSegment } from './source-map.ts';
import { helmSourceOperation } from './source-operation.ts';
import { omittedKeys, type ValuesFile } from './values-refs.ts';

// a chart that switches its security contexts with an `enabled` key it leaves out of the output
const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vault-keeper
spec:
  template:
    spec:
      {{- if .Values.podSecurityContext.enabled }}
      securityContext: {{- omit .Values.podSecurityContext "enabled" | toYaml | nindent 8 }}
      {{- end }}
      containers:
        - name: keeper
          image: keeper:1
          {{- if .Values.containerSecurityContext.enabled }}
          securityContext:
{{ toYaml (omit .Values.containerSecurityContext "enabled" "note") | indent 12 }}
          {{- end }}
`;

const VALUES = `podSecurityContext:
  enabled: true
  fsGroup: 2000
containerSecurityContext:
  enabled: true
  note: kept out
  runAsNonRoot: true
`;

const object: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'vault-keeper' },
  spec: { template: { spec: { securityContext: { fsGroup: 2000 }, containers: [{ name: 'keeper', image: 'keeper:1', securityContext: { runAsNonRoot: true } }] } } },
};

const values = (): ValuesFile[] => [{ file: 'values.yaml', doc: parseRangedDocuments(VALUES)[0], prefix: [] }];
const map = () => helmSourceMap(object, templateSegment('templates/deployment.yaml', TEMPLATE, 'Deployment', 0), values());
const operation = (op: { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown }) =>
  helmSourceOperation(object, map(), new Set(), op as Parameters<typeof helmSourceOperation>[3]);

describe('omittedKeys', () => {
  it('reads the keys an omit piped to toYaml leaves out, in both spellings, and nothing else', () => {
    expect(omittedKeys('x: {{- omit .Values.a.b "enabled" | toYaml | nindent 4 }}', ['a', 'b'])).toEqual(['enabled']);
    expect(omittedKeys('{{ toYaml (omit .Values.a "enabled" "x") | indent 4 }}', ['a'])).toEqual(['enabled', 'x']);
    expect(omittedKeys('{{ toYaml .Values.a | indent 4 }}', ['a'])).toBeUndefined();
    expect(omittedKeys('{{ omit .Values.a "enabled" | toJson }}', ['a'])).toBeUndefined();
    expect(omittedKeys('{{ omit .Values.ab "enabled" | toYaml }}', ['a'])).toBeUndefined();
  });
});

describe('helm source map: a values key rendered without the keys omit leaves out', () => {
  it('maps the rendered object to the values key, which it equals less the omitted keys', () => {
    const pod = map()('/spec/template/spec/securityContext');
    expect(pod?.values?.pointer).toBe('/podSecurityContext');
    expect(pod?.values?.omitted).toEqual(['enabled']);
    const container = map()('/spec/template/spec/containers/0/securityContext');
    expect(container?.values?.pointer).toBe('/containerSecurityContext');
    expect(container?.values?.omitted).toEqual(['enabled', 'note']);
  });

  it('writes a fix under it into the values key, and keeps the omitted keys when the whole is replaced', () => {
    const add = operation({ op: 'add', path: '/spec/template/spec/securityContext/seccompProfile', value: { type: 'RuntimeDefault' } });
    expect(add.ok && add.value.op).toEqual({ op: 'add', path: '/podSecurityContext/seccompProfile', value: { type: 'RuntimeDefault' } });
    const replace = operation({ op: 'replace', path: '/spec/template/spec/containers/0/securityContext', value: { runAsNonRoot: true, allowPrivilegeEscalation: false } });
    expect(replace.ok && replace.value.op).toEqual({ op: 'replace', path: '/containerSecurityContext', value: { enabled: true, note: 'kept out', runAsNonRoot: true, allowPrivilegeEscalation: false } });
  });

  it('does not remove the whole values key nor set a key the template leaves out', () => {
    expect(operation({ op: 'remove', path: '/spec/template/spec/securityContext' }).ok).toBe(false);
    const omitted = operation({ op: 'add', path: '/spec/template/spec/securityContext/enabled', value: false });
    expect(omitted.ok).toBe(false);
    expect(!omitted.ok && omitted.error).toContain('leaves "enabled"');
  });

  it('is not the values key when the rendered object differs from it beyond the omitted keys', () => {
    const changed: JsonObject = structuredClone(object);
    (changed['spec'] as { template: { spec: { securityContext: object } } }).template.spec.securityContext = { fsGroup: 3000 };
    const source = helmSourceMap(changed, templateSegment('templates/deployment.yaml', TEMPLATE, 'Deployment', 0), values())('/spec/template/spec/securityContext');
    expect(source?.values).toBeUndefined();
  });
});
