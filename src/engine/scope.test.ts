import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { createKyvernoJmespath } from './jmespath/registry.ts';
import { buildScope, computeImages, serviceAccountVariables } from './scope.ts';
import { evaluateExpression } from './variables.ts';

const deployment: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox' }],
        containers: [{ name: 'app', image: 'ghcr.io/acme/web:1.2' }, { name: 'proxy', image: `envoy@sha256:${'b'.repeat(64)}` }],
      },
    },
  },
};

describe('computeImages', () => {
  it('parses every container image by list and name', () => {
    const images = computeImages(deployment);
    expect(images).toEqual({
      initContainers: {
        init: { registry: 'docker.io', name: 'busybox', path: 'busybox', tag: 'latest', reference: 'docker.io/busybox:latest', referenceWithTag: 'docker.io/busybox:latest', jsonPointer: '/spec/template/spec/initContainers/0/image' },
      },
      containers: {
        app: { registry: 'ghcr.io', name: 'web', path: 'acme/web', tag: '1.2', reference: 'ghcr.io/acme/web:1.2', referenceWithTag: 'ghcr.io/acme/web:1.2', jsonPointer: '/spec/template/spec/containers/0/image' },
        proxy: {
          registry: 'docker.io', name: 'envoy', path: 'envoy', digest: `sha256:${'b'.repeat(64)}`,
          reference: `docker.io/envoy@sha256:${'b'.repeat(64)}`, referenceWithTag: 'docker.io/envoy:', jsonPointer: '/spec/template/spec/containers/1/image',
        },
      },
    });
  });

  it('reads CronJob templates and skips resources without pods', () => {
    const cronJob: JsonObject = { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'alpine:3' }] } } } } } };
    expect(computeImages(cronJob)).toMatchObject({ containers: { c: { tag: '3', jsonPointer: '/spec/jobTemplate/spec/template/spec/containers/0/image' } } });
    expect(computeImages({ kind: 'ConfigMap', data: {} })).toBeUndefined();
    expect(computeImages({ kind: 'Pod', spec: { containers: [] } })).toBeUndefined();
  });
});

describe('serviceAccountVariables', () => {
  it('splits service account user names', () => {
    expect(serviceAccountVariables('system:serviceaccount:shop:builder')).toEqual({ serviceAccountName: 'builder', serviceAccountNamespace: 'shop' });
    expect(serviceAccountVariables('alice')).toEqual({ serviceAccountName: '', serviceAccountNamespace: '' });
  });
});

describe('buildScope', () => {
  it('assembles request, images and service account variables', () => {
    const scope = buildScope({ resource: deployment, operation: 'CREATE', userInfo: { username: 'system:serviceaccount:ci:deployer', groups: [] } });
    const get = (e: string): unknown => {
      const r = evaluateExpression(e, scope);
      return r.ok ? r.value : r.error;
    };
    expect(get('request.operation')).toBe('CREATE');
    expect(get('request.object.metadata.name')).toBe('web');
    expect(get('request.oldObject')).toBeNull();
    expect(get('request.namespace')).toBe('shop');
    expect(get('request.kind')).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(get('serviceAccountName')).toBe('deployer');
    expect(get('images.containers.app.registry')).toBe('ghcr.io');
    expect(get('images.initContainers.*.registry')).toEqual(['docker.io']);
  });

  it('lets Values-file variables with dotted names override nested paths', () => {
    const scope = buildScope(
      { resource: deployment, operation: 'CREATE' },
      { values: { 'request.object.metadata.name': 'renamed', 'request.operation': 'UPDATE', team: 'blue' }, extra: { element: { x: 1 } } },
    );
    const data = scope.data as { request: { object: { metadata: { name: string; namespace: string } }; operation: string }; team: string; element: unknown };
    expect(data.request.object.metadata.name).toBe('renamed');
    expect(data.request.object.metadata.namespace).toBe('shop');
    expect(data.request.operation).toBe('UPDATE');
    expect(data.team).toBe('blue');
    expect(data.element).toEqual({ x: 1 });
    expect((deployment['metadata'] as JsonObject)['name']).toBe('web');
  });

  it('uses the old object for DELETE and carries the evaluator', () => {
    const jp = createKyvernoJmespath();
    const scope = buildScope({ resource: deployment, oldResource: deployment, operation: 'DELETE' }, { jmespath: jp });
    expect(scope.jmespath).toBe(jp);
    expect(scope.data['request']).toMatchObject({ object: null, operation: 'DELETE', name: 'web' });
  });
});
