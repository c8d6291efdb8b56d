import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import { schemaForResource } from './merge-schema.ts';
import { mergeValue } from './strategic-merge.ts';

function merge(resource: JsonObject, overlay: JsonValue): JsonValue | undefined {
  const out = mergeValue(resource, overlay, schemaForResource(resource), '');
  if (!out.ok) throw new Error(out.error);
  return out.value;
}

const pod = (spec: JsonObject, metadata: JsonObject = { name: 'web' }): JsonObject => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });

describe('strategic merge: maps and scalars', () => {
  it('adds and overrides fields, keeping the rest', () => {
    const out = merge(pod({ dnsPolicy: 'Default', hostNetwork: true }, { name: 'web', labels: { a: '1' } }), {
      metadata: { labels: { b: '2' } },
      spec: { dnsPolicy: 'None' },
    });
    expect(out).toEqual(pod({ dnsPolicy: 'None', hostNetwork: true }, { name: 'web', labels: { a: '1', b: '2' } }));
  });

  it('deletes a field set to null, and ignores null for absent fields', () => {
    const out = merge(pod({ hostNetwork: true }, { name: 'web', labels: { a: '1', b: '2' } }), {
      metadata: { labels: { a: null, zz: null } },
      spec: { hostNetwork: null },
    });
    expect(out).toEqual(pod({}, { name: 'web', labels: { b: '2' } }));
  });

  it('keeps nulls the overlay does not touch', () => {
    const resource = pod({ hostNetwork: true }, { name: 'web', creationTimestamp: null });
    expect(merge(resource, { spec: { hostNetwork: false } })).toEqual(pod({ hostNetwork: false }, { name: 'web', creationTimestamp: null }));
  });

  it('keeps empty maps of the resource', () => {
    const resource = pod({ volumes: [{ name: 'tmp', emptyDir: {} }] });
    expect(merge(resource, { metadata: { labels: { x: 'y' } } })).toEqual({ ...resource, metadata: { name: 'web', labels: { x: 'y' } } });
  });

  it('writes a "__proto__" key as data, not as the prototype', () => {
    const overlay = JSON.parse('{"metadata":{"labels":{"__proto__":"x"}}}') as JsonObject;
    const out = merge(pod({}), overlay) as JsonObject;
    const labels = (out['metadata'] as JsonObject)['labels'] as JsonObject;
    expect(Object.keys(labels)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  it('reports a map written over a scalar as an error', () => {
    const out = mergeValue(pod({ dnsPolicy: 'None' }), { spec: { dnsPolicy: { a: 1 } } }, undefined, '');
    expect(out.ok).toBe(false);
  });
});

describe('strategic merge: lists', () => {
  it('merges containers by name; the overlay\'s elements come first, as kustomize prepends', () => {
    const resource = pod({ containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] });
    const out = merge(resource, { spec: { containers: [{ name: 'b', imagePullPolicy: 'Always' }, { name: 'c', image: 'c:1' }] } });
    expect(out).toEqual(pod({ containers: [{ name: 'b', image: 'b:1', imagePullPolicy: 'Always' }, { name: 'c', image: 'c:1' }, { name: 'a', image: 'a:1' }] }));
  });

  it('merges env by name, ports by containerPort and volumeMounts by mountPath inside containers', () => {
    const resource = pod({
      containers: [{ name: 'a', env: [{ name: 'X', value: '1' }], ports: [{ containerPort: 80, name: 'http' }], volumeMounts: [{ mountPath: '/data', name: 'd' }] }],
    });
    const out = merge(resource, {
      spec: {
        containers: [{ name: 'a', env: [{ name: 'Y', value: '2' }, { name: 'X', value: '3' }], ports: [{ containerPort: 80, protocol: 'TCP' }], volumeMounts: [{ mountPath: '/cache', name: 'c' }] }],
      },
    });
    expect(out).toEqual(
      pod({
        containers: [{
          name: 'a',
          env: [{ name: 'Y', value: '2' }, { name: 'X', value: '3' }],
          ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
          volumeMounts: [{ mountPath: '/cache', name: 'c' }, { mountPath: '/data', name: 'd' }],
        }],
      }),
    );
  });

  it('replaces lists that carry no merge strategy (args, tolerations, capabilities)', () => {
    const resource = pod({
      tolerations: [{ key: 'a', operator: 'Exists' }],
      containers: [{ name: 'a', args: ['x', 'y'], securityContext: { capabilities: { drop: ['NET_RAW'] } } }],
    });
    const out = merge(resource, {
      spec: { tolerations: [{ key: 'b', operator: 'Exists' }], containers: [{ name: 'a', args: ['z'], securityContext: { capabilities: { drop: ['ALL'] } } }] },
    });
    expect(out).toEqual(
      pod({ tolerations: [{ key: 'b', operator: 'Exists' }], containers: [{ name: 'a', args: ['z'], securityContext: { capabilities: { drop: ['ALL'] } } }] }),
    );
  });

  it('merges pod template lists in workloads and cronjobs', () => {
    const deployment: JsonObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec: { containers: [{ name: 'a', image: 'a' }] } } },
    };
    expect(merge(deployment, { spec: { template: { spec: { containers: [{ name: 'b', image: 'b' }] } } } })).toEqual({
      ...deployment,
      spec: { template: { spec: { containers: [{ name: 'b', image: 'b' }, { name: 'a', image: 'a' }] } } },
    });
    const cron: JsonObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { jobTemplate: { spec: { template: { spec: { volumes: [{ name: 'v', emptyDir: {} }] } } } } },
    };
    const out = merge(cron, { spec: { jobTemplate: { spec: { template: { spec: { volumes: [{ name: 'w', emptyDir: {} }] } } } } } });
    expect(out).toEqual({ ...cron, spec: { jobTemplate: { spec: { template: { spec: { volumes: [{ name: 'w', emptyDir: {} }, { name: 'v', emptyDir: {} }] } } } } } });
  });

  it('replaces every list of a custom resource', () => {
    const cr: JsonObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { containers: [{ name: 'a' }] } };
    expect(merge(cr, { spec: { containers: [{ name: 'b' }] } })).toEqual({ ...cr, spec: { containers: [{ name: 'b' }] } });
  });

  it('merges finalizers as a set of scalars', () => {
    const out = merge(pod({}, { name: 'p', finalizers: ['a', 'b'] }), { metadata: { finalizers: ['b', 'c'] } });
    expect(out).toEqual(pod({}, { name: 'p', finalizers: ['b', 'c', 'a'] }));
  });
});

describe('strategic merge: directives', () => {
  it('$patch: delete removes a list element or a map', () => {
    const resource = pod({ containers: [{ name: 'a' }, { name: 'b' }], securityContext: { runAsUser: 1 } });
    const out = merge(resource, { spec: { containers: [{ name: 'a', $patch: 'delete' }], securityContext: { $patch: 'delete' } } });
    expect(out).toEqual(pod({ containers: [{ name: 'b' }] }));
  });

  it('$patch: replace replaces a map, and a {$patch: replace} element replaces the list', () => {
    const resource = pod({ containers: [{ name: 'a' }, { name: 'b' }], securityContext: { runAsUser: 1, fsGroup: 2 } });
    const out = merge(resource, { spec: { containers: [{ $patch: 'replace' }, { name: 'c' }], securityContext: { $patch: 'replace', runAsGroup: 3 } } });
    expect(out).toEqual(pod({ containers: [{ name: 'c' }], securityContext: { runAsGroup: 3 } }));
  });

  it('$retainKeys keeps only the listed keys; $setElementOrder is ignored', () => {
    const resource = pod({ volumes: [{ name: 'v', hostPath: { path: '/x' } }] });
    const out = merge(resource, { spec: { volumes: [{ name: 'v', emptyDir: {}, $retainKeys: ['name', 'emptyDir'] }], '$setElementOrder/volumes': [{ name: 'v' }] } });
    expect(out).toEqual(pod({ volumes: [{ name: 'v', emptyDir: {} }] }));
  });

  it('rejects an unknown $patch value', () => {
    const out = mergeValue(pod({}), { spec: { $patch: 'explode' } }, undefined, '');
    expect(out.ok).toBe(false);
  });
});
