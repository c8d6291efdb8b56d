import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import type { Rule } from '../../policy/types.ts';
import type { Footprint } from './footprint.ts';
import { touches } from './footprint.ts';
import { ruleFootprint, ruleGateFootprint, ruleResultFootprint } from './rule-reads.ts';

const rule = (raw: JsonObject): Rule => ({ name: String(raw['name'] ?? 'r'), raw: { name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, ...raw } });
const show = (f: Footprint): { nav: string[]; whole: string[] } => ({
  nav: f.nav.map((p) => '/' + p.map((s) => s ?? '*').join('/')).sort(),
  whole: f.whole.map((p) => '/' + p.map((s) => s ?? '*').join('/')).sort(),
});
const at = (pointer: string): string[] => pointer.split('/').slice(1);

describe('ruleFootprint', () => {
  it('a pattern is walked: maps are gone through, values compared whole', () => {
    const f = ruleFootprint(rule({ validate: { pattern: { spec: { '=(hostNetwork)': false, containers: [{ securityContext: { privileged: 'false' } }] } } } }), 'Pod');
    expect(f.top).toBe(false);
    expect(show(f).whole).toEqual(
      ['/apiVersion', '/kind', '/metadata/generateName', '/metadata/name', '/metadata/namespace', '/spec/containers/*/securityContext/privileged', '/spec/hostNetwork'].sort(),
    );
    expect(touches(f, at('/spec/containers/0/securityContext/privileged'))).toBe(true);
    expect(touches(f, at('/spec/containers/0/securityContext/runAsNonRoot'))).toBe(false);
    expect(touches(f, at('/spec/containers/0/resources'))).toBe(false);
    expect(touches(f, at('/metadata/labels/app'))).toBe(false);
  });

  it('selectors and annotations in match add the labels and annotations they read', () => {
    const f = ruleFootprint(rule({ match: { any: [{ resources: { kinds: ['Pod'], selector: { matchLabels: { a: 'b' } } } }] }, validate: { deny: {} } }), 'Pod');
    expect(touches(f, at('/metadata/labels/app'))).toBe(true);
    expect(touches(f, at('/metadata/annotations/x'))).toBe(false);
  });

  it('a foreach binds element to the list elements: only what is read of them counts', () => {
    const f = ruleFootprint(
      rule({
        validate: {
          message: "container {{ element.name }}",
          foreach: [{ list: 'request.object.spec.containers', deny: { conditions: { any: [{ key: '{{ element.image }}', operator: 'Equals', value: 'x' }] } } }],
        },
      }),
      'Pod',
    );
    expect(f.top).toBe(false);
    expect(touches(f, at('/spec/containers/1/image'))).toBe(true);
    expect(touches(f, at('/spec/containers/1'))).toBe(true);
    expect(touches(f, at('/spec/containers/0/name'))).toBe(false);
    expect(touches(f, at('/spec/containers/0/securityContext'))).toBe(false);
  });

  it('functions and comparisons use their arguments whole', () => {
    const f = ruleFootprint(rule({ validate: { deny: { conditions: { any: [{ key: '{{ length(request.object.spec.volumes) }}', operator: 'GreaterThan', value: 1 }] } } } }), 'Pod');
    expect(touches(f, at('/spec/volumes/0/hostPath/path'))).toBe(true);
    expect(touches(f, at('/spec/containers'))).toBe(false);
  });

  it('variables inside longer text may bring further variables from the resource: anything may be read', () => {
    const f = ruleFootprint(rule({ validate: { deny: { conditions: { any: [{ key: 'x-{{ request.object.metadata.name }}', operator: 'Equals', value: 'x-a' }] } } } }), 'Pod');
    expect(f.top).toBe(true);
  });

  it('a context jmesPath built from variables reads anything without a default; with one only where it is used', () => {
    const context = (withDefault: boolean): JsonObject[] => [
      { name: 'n', variable: { jmesPath: "request.object.metadata.labels.{{ 'app' }}", ...(withDefault ? { default: '' } : {}) } },
    ];
    expect(ruleFootprint(rule({ context: context(false), validate: { pattern: { spec: {} } } }), 'Pod').top).toBe(true);
    expect(ruleFootprint(rule({ context: context(true), validate: { pattern: { spec: {} } } }), 'Pod').top).toBe(false);
    expect(ruleFootprint(rule({ context: context(true), validate: { deny: { conditions: { any: [{ key: '{{ n }}', operator: 'Equals', value: 'a' }] } } } }), 'Pod').top).toBe(true);
  });

  it('podSecurity reads the Pod of the kind: its spec fields and containers, not their resources', () => {
    const r = rule({ match: { any: [{ resources: { kinds: ['Deployment'] } }] }, validate: { podSecurity: { level: 'restricted' } } });
    const f = ruleFootprint(r, 'Deployment');
    expect(touches(f, at('/spec/template/spec/containers/0/securityContext/runAsNonRoot'))).toBe(true);
    expect(touches(f, at('/spec/template/spec/hostNetwork'))).toBe(true);
    expect(touches(f, at('/spec/template/metadata/annotations/x'))).toBe(true);
    expect(touches(f, at('/spec/template/spec/containers/0/resources'))).toBe(false);
    expect(touches(f, at('/spec/template/metadata/labels/app'))).toBe(false);
    expect(touches(f, at('/spec/replicas'))).toBe(false);
  });
});

describe('ruleGateFootprint', () => {
  it('reads what decides the preconditions, not the body', () => {
    const r = rule({
      preconditions: { all: [{ key: "{{ request.object.metadata.annotations.\"x\" || '' }}", operator: 'Equals', value: 'true' }] },
      validate: { pattern: { spec: { containers: [{ image: '!*:latest' }] } } },
    });
    const gate = ruleGateFootprint(r, 'Pod');
    expect(touches(gate, at('/metadata/annotations/x'))).toBe(true);
    expect(touches(gate, at('/spec/containers/0/image'))).toBe(false);
    expect(touches(ruleFootprint(r, 'Pod'), at('/spec/containers/0/image'))).toBe(true);
  });
});

describe('ruleResultFootprint', () => {
  it('adds where the fix lands and what its variables read', () => {
    const r = rule({ validate: { pattern: { spec: { automountServiceAccountToken: false } } } });
    const fix = { description: 'd', mutate: { patchStrategicMerge: { metadata: { labels: { fixed: '{{ request.object.metadata.name }}' } }, spec: { automountServiceAccountToken: false } } } };
    const f = ruleResultFootprint(r, 'Pod', fix);
    expect(f.top).toBe(false);
    expect(touches(f, at('/metadata/labels/fixed'))).toBe(true);
    expect(touches(f, at('/metadata/labels/other'))).toBe(false);
    expect(touches(f, at('/spec/containers'))).toBe(false);
  });

  it('a message built from resource values holds only for a resource without braces', () => {
    const r = rule({ validate: { message: "container '{{ element.name }}' of {{ request.object.metadata.name }}", foreach: [{ list: 'request.object.spec.containers', pattern: { image: '?*' } }] } });
    const f = ruleResultFootprint(r, 'Pod', undefined);
    expect(f.top).toBe(false);
    expect(f.guarded).toBe(true);
    expect(touches(f, at('/spec/containers/0/name'))).toBe(true);
  });

  it('a message built from a function result may read anything', () => {
    const r = rule({ validate: { message: "{{ to_upper(request.object.metadata.name) }} is wrong", pattern: { spec: {} } } });
    expect(ruleResultFootprint(r, 'Pod', undefined).top).toBe(true);
  });
});
