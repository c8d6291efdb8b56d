import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { dictBindings } from './dict-bindings.ts';
import { namedTemplates } from './named-templates.ts';
import { helmSourceMap, templateSegment } from './source-map.ts';
import type { ValuesFile } from './values-refs.ts';

// a workload whose first container is written in place and whose sidecar comes from a named
// template included in the middle of the containers list, passed the context in a list
const WORKLOAD = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: shop
spec:
  template:
    spec:
      containers:
        - name: shop
          image: {{ .Values.image }}
          resources:
{{ toYaml .Values.resources | indent 12 }}
{{- if .Values.watcher.enabled }}
{{- include "shop.watcher" (list $ "watcher" "sidecar") | nindent 8 }}
{{- end }}
      volumes:
        - name: data
          emptyDir: {}
`;

const HELPERS = `{{- define "shop.watcher" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
- name: {{ $name }}
  image: {{ $root.Values.watcher.image }}
  resources:
{{ toYaml $root.Values.watcher.resources | indent 4 }}
{{- end -}}
`;

const VALUES = `image: shop:1
resources:
  limits:
    memory: 1Gi
watcher:
  enabled: true
  image: watcher:2
  resources: {}
`;

const object: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'shop' },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'shop', image: 'shop:1', resources: { limits: { memory: '1Gi' } } },
          { name: 'watcher', image: 'watcher:2', resources: {} },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
};

function sourceOf(pointer: string, helpers = HELPERS) {
  const values: ValuesFile[] = [{ file: 'values.yaml', doc: parseRangedDocuments(VALUES)[0], prefix: [] }];
  const defines = namedTemplates([{ file: 'templates/_helpers.tpl', text: helpers }]);
  return helmSourceMap(object, templateSegment('templates/shop.yaml', WORKLOAD, 'StatefulSet', 0), values, defines)(pointer);
}

const placeOf = (pointer: string, helpers?: string): string | undefined => {
  const found = sourceOf(pointer, helpers);
  return found ? `${found.source.file}:${found.source.range.start.line}` : undefined;
};

describe('helm source map: a list item a named template writes', () => {
  it('places the included container and its fields in the named template, not on the container written in place', () => {
    expect(placeOf('/spec/template/spec/containers/1')).toBe('templates/_helpers.tpl:4');
    expect(placeOf('/spec/template/spec/containers/1/name')).toBe('templates/_helpers.tpl:4');
    // `$root := index . 0` stands for the context the list passes: the image is the values key's
    expect(placeOf('/spec/template/spec/containers/1/image')).toBe('values.yaml:7');
    // the container written in place keeps its lines
    expect(placeOf('/spec/template/spec/containers/0')).toBe('templates/shop.yaml:9');
    expect(placeOf('/spec/template/spec/containers/0/image')).toBe('values.yaml:1');
    expect(placeOf('/spec/template/spec/volumes/0')).toBe('templates/shop.yaml:17');
  });

  it('maps the included container\'s empty resources to its values key, so a fix can set them there', () => {
    const resources = sourceOf('/spec/template/spec/containers/1/resources');
    expect(resources?.values?.file).toBe('values.yaml');
    expect(resources?.values?.pointer).toBe('/watcher/resources');
    expect(resources?.values?.value).toEqual({});
  });

  it('does not take a container written in place with another name for an element it did not write', () => {
    // the named template is unknown: the element stays off the `- name: shop` item
    expect(placeOf('/spec/template/spec/containers/1', '')).not.toBe('templates/shop.yaml:9');
  });
});

describe('dictBindings: list arguments', () => {
  it('binds the positions of a list passed to an include that are the context or values keys', () => {
    const bindings = dictBindings('{{- include "x" (list $ "watcher" .Values.watcher) | nindent 8 }}');
    expect(bindings.get('#0')).toEqual({ root: true });
    expect(bindings.has('#1')).toBe(false);
    expect(bindings.get('#2')).toEqual({ values: '.Values.watcher' });
  });
});

// a container written in the branches of an if/else, its list at the key's own indentation,
// its securityContext from a variable set to a values key
const BRANCHES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: watcher
spec:
  template:
    spec:
      containers:
      {{- if .Values.registry }}
      - image: "{{ .Values.registry }}/watcher:{{ .Values.tag }}"
      {{- else }}
      - image: "watcher:{{ .Values.tag }}"
      {{- end }}
        name: watcher
        {{- $sc := .Values.containerSecurityContext | default dict }}
        securityContext:
          {{- toYaml $sc | nindent 10 }}
      {{- if .Values.resources }}
        resources:
{{ toYaml .Values.resources | indent 10 }}
      {{- end }}
`;

const BRANCH_VALUES = `registry: ""
tag: "3"
containerSecurityContext:
  runAsNonRoot: true
resources: {}
`;

const branchObject: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'watcher' },
  spec: { template: { spec: { containers: [{ image: 'watcher:3', name: 'watcher', securityContext: { runAsNonRoot: true } }] } } },
};

function branchSource(pointer: string) {
  const values: ValuesFile[] = [{ file: 'values.yaml', doc: parseRangedDocuments(BRANCH_VALUES)[0], prefix: [] }];
  return helmSourceMap(branchObject, templateSegment('templates/watcher.yaml', BRANCHES, 'Deployment', 0), values)(pointer);
}

describe('helm source map: items in the branches of an if/else', () => {
  it('reads the branches as one element whose keys follow the if/else, in a list at its key\'s own indentation', () => {
    expect(branchSource('/spec/template/spec/containers/0/name')?.source.range.start.line).toBe(14);
    // a missing field whose block renders an empty values key: that key, for a fix to set
    const resources = branchSource('/spec/template/spec/containers/0/resources');
    expect(resources?.absent).toBe(true);
    expect(resources?.values?.pointer).toBe('/resources');
  });

  it('places the element on the branch that can have written it, its values rendered into the composed value', () => {
    // registry is empty: the first branch would render "/watcher:3", the second renders the image
    expect(branchSource('/spec/template/spec/containers/0')?.source.range.start.line).toBe(12);
    // its image is that branch's one values reference: the tag's line
    expect(branchSource('/spec/template/spec/containers/0/image')?.source).toMatchObject({ file: 'values.yaml', range: { start: { line: 2 } } });
  });

  it('reads a variable set once to a values key as that key', () => {
    const context = branchSource('/spec/template/spec/containers/0/securityContext');
    expect(context?.values?.pointer).toBe('/containerSecurityContext');
    expect(context?.source.file).toBe('values.yaml');
  });
});
