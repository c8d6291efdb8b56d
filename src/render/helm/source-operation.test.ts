import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { helmSourceMap, helmSourceOf, templateSegment } from './source-map.ts';
import { helmSourceOperation } from './source-operation.ts';
import type { ValuesFile } from './values-refs.ts';

/** The shape of `helm create`'s deployment: blocks rendered only when their values key is set. */
const GATED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      {{- with .Values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: web
          image: nginx
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- if .Values.debug }}
          stdin: true
          {{- end }}
`;

/** An older idiom: the key, then toYaml of the values key on the next line at column 0. */
const NEXT_LINE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          resources:
{{ toYaml .Values.resources | indent 12 }}
`;

const deployment = (container: JsonObject, pod: JsonObject = {}): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'release-name' },
  spec: { template: { spec: { ...pod, containers: [{ name: 'web', image: 'nginx', ...container }] } } },
});

function setup(template: string, object: JsonObject, valuesText: string) {
  const values: ValuesFile[] = [{ file: 'values.yaml', doc: parseRangedDocuments(valuesText)[0], prefix: [] }];
  const segment = templateSegment('templates/deployment.yaml', template, 'Deployment', 0);
  const map = helmSourceMap(object, segment, values);
  const operation = (op: Parameters<typeof helmSourceOperation>[3]) => helmSourceOperation(object, map, new Set(['release-name']), op);
  const line = (pointer: string): string | undefined => {
    const source = helmSourceOf(object, segment, values)(pointer);
    return source ? `${source.file}:${source.range.start.line}` : undefined;
  };
  return { map, operation, line };
}

describe('helm fix edits: a field a template renders only when its values key is set', () => {
  const valuesText = 'replicas: 1\npodSecurityContext: {}\nresources: {}\n';

  it('adds the field by setting the empty values key that gates it', () => {
    const { operation } = setup(GATED, deployment({}), valuesText);
    const resources = { requests: { cpu: '100m' }, limits: { memory: '256Mi' } };
    expect(operation({ op: 'add', path: '/spec/template/spec/containers/0/resources', value: resources })).toEqual({
      ok: true,
      value: { file: 'values.yaml', documentIndex: 0, op: { op: 'replace', path: '/resources', value: resources } },
    });
    // deeper than the missing key: the values key gets the whole object
    expect(operation({ op: 'add', path: '/spec/template/spec/securityContext/runAsNonRoot', value: true })).toEqual({
      ok: true,
      value: { file: 'values.yaml', documentIndex: 0, op: { op: 'replace', path: '/podSecurityContext', value: { runAsNonRoot: true } } },
    });
  });

  it('leaves findings where they were: an absent field has no place of its own', () => {
    const { line, map } = setup(GATED, deployment({}), valuesText);
    expect(line('/spec/template/spec/containers/0/resources')).toBeUndefined();
    expect(map('/spec/template/spec/containers/0/resources')?.absent).toBe(true);
  });

  it('does not take a values key that is set (the block is gated otherwise), nor a block without toYaml', () => {
    // resources is set but not rendered: something else keeps the block out, so no edit is guessed
    const set = setup(GATED, deployment({}), 'podSecurityContext: {}\nresources:\n  limits:\n    memory: 1Gi\n');
    const outcome = set.operation({ op: 'add', path: '/spec/template/spec/containers/0/resources', value: { requests: { cpu: '1' } } });
    expect(outcome.ok).toBe(false);
    const plain = setup(GATED, deployment({}), valuesText).operation({ op: 'add', path: '/spec/template/spec/containers/0/stdin', value: false });
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.error).toContain('templates/deployment.yaml:13');
  });

  it('adds the values key to the chart\'s values.yaml when no values file sets it, under its parent there', () => {
    const { operation } = setup(GATED, deployment({}), 'replicas: 1\n');
    expect(operation({ op: 'add', path: '/spec/template/spec/containers/0/resources', value: { limits: { memory: '1Gi' } } })).toEqual({
      ok: true,
      value: { file: 'values.yaml', documentIndex: 0, op: { op: 'add', path: '/resources', value: { limits: { memory: '1Gi' } } } },
    });
    // a parent that is not a mapping of the file: no guess
    const nested = GATED.replace(/\.Values\.resources/g, '.Values.web.resources');
    expect(setup(nested, deployment({}), 'replicas: 1\n').operation({ op: 'add', path: '/spec/template/spec/containers/0/resources', value: {} }).ok).toBe(false);
    expect(setup(nested, deployment({}), 'web:\n  image: x\n').operation({ op: 'add', path: '/spec/template/spec/containers/0/resources', value: { a: 1 } })).toEqual({
      ok: true,
      value: { file: 'values.yaml', documentIndex: 0, op: { op: 'add', path: '/web/resources', value: { a: 1 } } },
    });
  });

  it('never writes the release name into values', () => {
    const { operation } = setup(GATED, deployment({}), valuesText);
    const outcome = operation({ op: 'add', path: '/spec/template/spec/securityContext', value: { seLinuxOptions: { user: 'release-name' } } });
    expect(outcome.ok).toBe(false);
  });
});

describe('helm source map: toYaml of a values key on the line after its key', () => {
  it('maps the field, and fixes inside it, to the values key', () => {
    const { line, operation } = setup(NEXT_LINE, deployment({ resources: {} }), 'resources:\n  {}\n  # limits:\n');
    expect(line('/spec/template/spec/containers/0/resources')).toBe('values.yaml:1');
    expect(operation({ op: 'add', path: '/spec/template/spec/containers/0/resources/requests', value: { cpu: '1' } })).toEqual({
      ok: true,
      value: { file: 'values.yaml', documentIndex: 0, op: { op: 'add', path: '/resources/requests', value: { cpu: '1' } } },
    });
  });
});
