import { describe, expect, it } from 'vitest';
import { includedNames, namedTemplates } from './named-templates.ts';
import { blockLines, findKeyLine, keyLines } from './template-lines.ts';
import { isToYaml, valuesReferences } from './values-refs.ts';

const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    metadata:
      name: ignored
    spec:
      {{- if .Values.x }}
      containers:
        - name: web
          image: "{{ .Values.image.repository }}"
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
      {{- end }}
`.split('\n');

describe('template key lines', () => {
  const keys = keyLines(template, 1, template.length);

  it('nests keys by indentation, counting list markers as indentation', () => {
    const image = keys.find((k) => k.key === 'image');
    expect(image?.path).toEqual(['spec', 'template', 'spec', 'containers', 'image']);
    expect(image?.line).toBe(13);
  });

  it('prefers the line whose nesting matches the pointer keys', () => {
    expect(findKeyLine(keys, ['metadata', 'name'])?.keyLine.line).toBe(4);
    expect(findKeyLine(keys, ['spec', 'template', 'metadata', 'name'])?.keyLine.line).toBe(8);
  });

  it('never takes a line that emits an ancestor for a deeper key of the same name', () => {
    // `template:` written by an include on its own line: the pod's spec is not the `spec:` above it
    const included = ['kind: Deployment', 'spec:', '  replicas: 1', '  template: {{ include "pod" . | nindent 4 }}'];
    const found = findKeyLine(keyLines(included, 1, included.length), ['spec', 'template', 'spec', 'containers', 'image']);
    expect(found).toMatchObject({ keyLine: { line: 4 }, depth: 2 });
  });

  it('falls back to the deepest emitted ancestor', () => {
    const found = findKeyLine(keys, ['spec', 'template', 'spec', 'containers', 'resources', 'limits', 'cpu']);
    expect(found?.keyLine.line).toBe(14);
    expect(found?.depth).toBe(5);
    const block = found ? blockLines(template, found.keyLine, template.length) : [];
    expect(block).toContain(15);
  });

  it('reads .Values references and toYaml', () => {
    const line = template[14] ?? '';
    expect(valuesReferences(line)).toEqual([['resources']]);
    expect(isToYaml(line, ['resources'])).toBe(true);
    expect(isToYaml(template[12] ?? '', ['image', 'repository'])).toBe(false);
  });
});

describe('named templates', () => {
  it('finds define blocks with nested blocks inside, and the names a line includes', () => {
    const text = '{{- define "a.labels" -}}\nx: 1\n{{- if .Values.y }}\ny: 2\n{{- end }}\n{{- end }}\n\n{{ define "a.name" }}web{{ end }}\n';
    const defines = namedTemplates([{ file: 'templates/_helpers.tpl', text }]);
    expect(defines.get('a.labels')).toMatchObject({ first: 2, last: 5 });
    expect(defines.has('a.name')).toBe(true);
    expect(includedNames('  {{- include "a.labels" . | nindent 4 }} {{ template "a.name" . }}')).toEqual(['a.labels', 'a.name']);
  });
});
