import { describe, expect, it } from 'vitest';
import { dictBindings, withBindings } from './dict-bindings.ts';

describe('dict bindings of an include', () => {
  it('reads the keys bound to the context and to values keys, and only those', () => {
    const bindings = dictBindings('{{- include "app.deployment" (dict\n  "root" .\n  "component" "reader"\n  "values" .Values.reader\n  "ctx" $\n  "cfg" $.Values.config.main) }}');
    expect([...bindings]).toEqual([
      ['root', { root: true }],
      ['values', { values: '.Values.reader' }],
      ['ctx', { root: true }],
      ['cfg', { values: '.Values.config.main' }],
    ]);
    expect(dictBindings('{{ include "x" . }}').size).toBe(0);
  });

  it('writes them out in the named template, line for line, and nowhere else', () => {
    const lines = ['{{- define "d" -}}', 'image: {{ .values.image }}', 'res: {{- toYaml .values.resources | nindent 2 }}', 'name: {{ .root.Values.name }} {{ .Values.values }} {{ $.values.tag }}', '{{- end }}', 'after: {{ .values.x }}'];
    const bound = withBindings({ file: 't.tpl', lines, first: 2, last: 4 }, dictBindings('(dict "root" . "values" .Values.reader)'));
    expect(bound.lines).toEqual([
      '{{- define "d" -}}',
      'image: {{ .Values.reader.image }}',
      'res: {{- toYaml .Values.reader.resources | nindent 2 }}',
      'name: {{ .Values.name }} {{ .Values.values }} {{ .Values.reader.tag }}',
      '{{- end }}',
      'after: {{ .values.x }}',
    ]);
  });

  it('writes out variables set to a bound key', () => {
    const lines = ['{{- $root := .root -}}', '{{- $values := .values -}}', 'replicas: {{ $values.replicaCount }}', 'pull: {{ $root.Values.pullPolicy }} {{ $valuesX.y }}'];
    const bound = withBindings({ file: 't.tpl', lines, first: 1, last: 4 }, dictBindings('(dict "root" . "values" .Values.metastore)'));
    expect(bound.lines.slice(2)).toEqual(['replicas: {{ .Values.metastore.replicaCount }}', 'pull: {{ .Values.pullPolicy }} {{ $valuesX.y }}']);
  });
});
