import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { helmSourceOf, templateSegment } from './source-map.ts';
import type { ValuesFile } from './values-refs.ts';

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
{{- if .Values.fixedReplicas }}
  replicas: 1
{{- else }}
  replicas: 3
{{- end }}
  template:
    spec:
      containers:
      - name: web
{{- if contains "/" .Values.image }}
        image: "{{ .Values.image }}"
{{- else }}
        image: "{{ .Values.hub }}/{{ .Values.image }}:{{ .Values.tag }}"
{{- end }}
{{- if .Values.pullPolicy }}
        imagePullPolicy: {{ .Values.pullPolicy }}
{{- else }}
        imagePullPolicy: IfNotPresent
{{- end }}
`;

const rendered = (image: string, pullPolicy: string): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image, imagePullPolicy: pullPolicy }] } } },
});

function lineOf(object: JsonObject, valuesText: string, pointer: string): string | undefined {
  const values: ValuesFile[] = [{ file: 'values.yaml', doc: parseRangedDocuments(valuesText)[0], prefix: [] }];
  const source = helmSourceOf(object, templateSegment('templates/deployment.yaml', TEMPLATE, 'Deployment', 0), values)(pointer);
  return source ? `${source.file}:${source.range.start.line}` : undefined;
}

describe('helm source map: the branch of an if/else that wrote the field', () => {
  it('passes over a branch whose single values reference holds another value', () => {
    const object = rendered('ghcr.io/shop/web:1.0', 'Always');
    expect(lineOf(object, 'image: web\nhub: ghcr.io/shop\ntag: "1.0"\npullPolicy: Always\n', '/spec/template/spec/containers/0/image')).toBe('templates/deployment.yaml:18');
    // the value itself, written by the first branch: the values line
    expect(lineOf(rendered('ghcr.io/shop/web:2.0', 'Always'), 'image: ghcr.io/shop/web:2.0\n', '/spec/template/spec/containers/0/image')).toBe('values.yaml:1');
  });

  it('passes over a literal branch that reads as another value, and a reference no values file sets', () => {
    expect(lineOf(rendered('x', 'Always'), 'image: x\n', '/spec/replicas')).toBe('templates/deployment.yaml:9');
    // pullPolicy is set nowhere: the first branch would render nothing, so the literal one wrote it
    expect(lineOf(rendered('x', 'IfNotPresent'), 'image: x\n', '/spec/template/spec/containers/0/imagePullPolicy')).toBe('templates/deployment.yaml:23');
    expect(lineOf(rendered('x', 'Always'), 'image: x\npullPolicy: Always\n', '/spec/template/spec/containers/0/imagePullPolicy')).toBe('values.yaml:2');
  });
});
