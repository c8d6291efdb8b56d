import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { namedTemplates } from './named-templates.ts';
import { helmSourceMap, helmSourceOf, presentSource, templateSegment } from './source-map.ts';
import type { ValuesFile } from './values-refs.ts';

// a chart's own container, then sidecars from the values when there are any
const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: {{ .Values.image }}
        {{- if .Values.extraContainers }}
          {{ toYaml .Values.extraContainers | nindent 8 }}
        {{- end }}
`;

function lineOf(object: JsonObject, valuesText: string, pointer: string): string | undefined {
  const values: ValuesFile[] = [{ file: 'values.yaml', doc: parseRangedDocuments(valuesText)[0], prefix: [] }];
  const source = helmSourceOf(object, templateSegment('templates/deployment.yaml', TEMPLATE, 'Deployment', 0), values)(pointer);
  return source ? `${source.file}:${source.range.start.line}` : undefined;
}

const deployment = (containers: JsonObject[]): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { template: { spec: { containers } } },
});

describe('helm source map: a toYaml of an empty values key inside a list item', () => {
  it('leaves the item on its template line when the key renders nothing', () => {
    const object = deployment([{ name: 'web', image: 'nginx:1.25' }]);
    for (const empty of ['null', '[]', '""']) {
      expect(lineOf(object, `image: nginx:1.25\nextraContainers: ${empty}\n`, '/spec/template/spec/containers/0'), empty).toBe('templates/deployment.yaml:9');
    }
    expect(lineOf(object, 'image: nginx:1.25\nextraContainers: null\n', '/spec/template/spec/containers/0/image')).toBe('values.yaml:1');
  });

  it('still answers the values list for an element it writes', () => {
    const object = deployment([
      { name: 'web', image: 'nginx:1.25' },
      { name: 'proxy', image: 'envoy:1' },
    ]);
    const values = 'image: nginx:1.25\nextraContainers:\n  - name: proxy\n    image: envoy:1\n';
    expect(lineOf(object, values, '/spec/template/spec/containers/0')).toBe('templates/deployment.yaml:9');
  });
});

// a container's resources written by a named template, only when the values set some
const WITH_HELPER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          {{ template "web.resources" . }}
          image: {{ .Values.image }}
`;

const HELPERS = `{{- define "web.resources" -}}
  {{- if .Values.server.resources -}}
          resources:
{{ toYaml .Values.server.resources | indent 12 }}
  {{ end }}
{{- end -}}
`;

describe('helm source map: a missing field a named template would write from the values', () => {
  const object = deployment([{ name: 'web', image: 'nginx:1.25' }]);
  const map = (valuesText: string) => {
    const values: ValuesFile[] = [{ file: 'values.yaml', doc: parseRangedDocuments(valuesText)[0], prefix: [] }];
    return helmSourceMap(object, templateSegment('templates/deployment.yaml', WITH_HELPER, 'Deployment', 0), values, namedTemplates([{ file: 'templates/_helpers.tpl', text: HELPERS }]));
  };

  it('answers the empty values key the named template renders, for fix edits only', () => {
    const source = map('image: nginx:1.25\nserver:\n  resources: {}\n')('/spec/template/spec/containers/0/resources');
    expect(source).toMatchObject({ absent: true, source: { file: 'values.yaml', range: { start: { line: 3 } } } });
    expect(presentSource(source)).toBeUndefined();
  });

  it('answers a place in values.yaml when no values file sets the key, and nothing for a key no template writes', () => {
    expect(map('image: nginx:1.25\nserver: {}\n')('/spec/template/spec/containers/0/resources')).toMatchObject({ absent: true, unset: true });
    expect(map('image: nginx:1.25\nserver:\n  resources: {}\n')('/spec/template/spec/containers/0/securityContext')).toBeUndefined();
  });
});
