import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { withDotScopes } from './dict-bindings.ts';
import { helmSourceMap, templateSegment } from './source-map.ts';
import type { ValuesFile } from './values-refs.ts';

// a Service whose fields are read relative to `with` blocks, and a list a range writes
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  {{- with .Values.service }}
  type: {{ .type }}
  {{- with .annotations }}
  annotationsCopy: {{ toYaml . | nindent 4 }}
  {{- end }}
  ports:
    {{- range .ports }}
    - port: {{ .port }}
    {{- end }}
  {{- end }}
  sessionAffinity: {{ .Values.affinity }}
`;

const VALUES = `service:
  type: LoadBalancer
  annotations:
    team: web
  ports:
    - port: 80
affinity: None
`;

const object: JsonObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { type: 'LoadBalancer', annotationsCopy: { team: 'web' }, ports: [{ port: 80 }], sessionAffinity: 'None' },
};

const values = (): ValuesFile[] => [{ file: 'values.yaml', doc: parseRangedDocuments(VALUES)[0], prefix: [] }];
const sourceOf = (pointer: string) => helmSourceMap(object, templateSegment('templates/service.yaml', SERVICE, 'Service', 0), values())(pointer);

describe('withDotScopes', () => {
  it('reads `.` inside with blocks as the values key they open, nested ones too, and leaves range and the chart\'s objects alone', () => {
    const part = withDotScopes(templateSegment('templates/service.yaml', SERVICE, 'Service', 0));
    expect(part.lines[6]).toBe('  type: {{ .Values.service.type }}');
    expect(part.lines[7]).toBe('  {{- with .Values.service.annotations }}');
    expect(part.lines[8]).toBe('  annotationsCopy: {{ toYaml .Values.service.annotations | nindent 4 }}');
    expect(part.lines[11]).toBe('    {{- range .Values.service.ports }}');
    // inside the range `.` is the element, not a values key
    expect(part.lines[12]).toBe('    - port: {{ .port }}');
    expect(part.lines[3]).toBe('  name: {{ .Release.Name }}');
    expect(part.lines[15]).toBe('  sessionAffinity: {{ .Values.affinity }}');
  });
});

describe('helm source map: fields written relative to a with block', () => {
  it('maps them to the values keys they read, so a fix can set them there', () => {
    const type = sourceOf('/spec/type');
    expect(type?.values?.pointer).toBe('/service/type');
    expect(type?.source).toMatchObject({ file: 'values.yaml', range: { start: { line: 2 } } });
    expect(sourceOf('/spec/annotationsCopy')?.values?.pointer).toBe('/service/annotations');
    expect(sourceOf('/spec/sessionAffinity')?.values?.pointer).toBe('/affinity');
  });
});
