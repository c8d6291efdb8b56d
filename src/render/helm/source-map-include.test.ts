import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { namedTemplates } from './named-templates.ts';
import { helmSourceOf, templateSegment } from './source-map.ts';
import type { ValuesFile } from './values-refs.ts';

// one workload template shared by two components, each template file only including it
const COMPONENT = `{{- include "app.deployment" (dict
  "root" .
  "component" "reader"
  "values" .Values.reader
) }}
`;

const SHARED = `{{- define "app.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .component }}
spec:
  template:
    spec:
      containers:
        - name: {{ .component }}
          image: {{ .values.image }}
{{- end }}
`;

const object: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'reader' },
  spec: { template: { spec: { containers: [{ name: 'reader', image: 'app:1' }] } } },
};

function placeOf(template: string, pointer: string, kind = 'Deployment'): string | undefined {
  const values: ValuesFile[] = [{ file: 'values.yaml', doc: parseRangedDocuments('reader:\n  image: app:1\n')[0], prefix: [] }];
  const defines = namedTemplates([{ file: 'templates/_deployment.tpl', text: SHARED }]);
  const source = helmSourceOf({ ...object, kind }, templateSegment('templates/reader.yaml', template, kind, 0), values, defines)(pointer);
  return source ? `${source.file}:${source.range.start.line}` : undefined;
}

describe('helm source map: a template that only includes a named template', () => {
  it('places fields on the lines of the named template that writes the document', () => {
    expect(placeOf(COMPONENT, '/spec/template/spec/containers/0')).toBe('templates/_deployment.tpl:10');
    expect(placeOf(COMPONENT, '/spec/template/spec')).toBe('templates/_deployment.tpl:8');
    expect(placeOf(COMPONENT, '/metadata/name')).toBe('templates/_deployment.tpl:5');
    // the dict's "values" stands for .Values.reader: the image is that values key's
    expect(placeOf(COMPONENT, '/spec/template/spec/containers/0/image')).toBe('values.yaml:2');
  });

  it('stays on the template when the named template writes another kind, or the template writes keys of its own', () => {
    expect(placeOf(COMPONENT, '/spec/template/spec', 'StatefulSet')).toBe('templates/reader.yaml:1');
    const own = 'kind: Deployment\n{{ include "app.deployment" . }}\n';
    expect(placeOf(own, '/spec/template/spec')?.startsWith('templates/reader.yaml:')).toBe(true);
  });
});
