import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { evaluateConditions } from '../conditions.ts';
import { substituteAll, type VariableScope } from '../variables.ts';
import { applyMutate } from './index.ts';

const pod: JsonObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'shop', labels: { app: 'shop' } },
  spec: {
    containers: [
      { name: 'app', image: 'registry.local/app:1.2' },
      { name: 'proxy', image: 'docker.io/envoy:1' },
    ],
    volumes: [
      { name: 'cache', hostPath: { path: '/var/cache' } },
      { name: 'tmp', emptyDir: {} },
    ],
  },
};

const scope: VariableScope = { data: { request: { object: pod, operation: 'CREATE' } } };

function variablesReady(): boolean {
  try {
    const out = substituteAll('{{ a }}', { data: { a: 'x' } });
    return out.ok && out.value === 'x';
  } catch {
    return false;
  }
}

describe('applyMutate without variables', () => {
  it('passes with the patched resource when the overlay changes it', () => {
    const out = applyMutate(pod, { patchStrategicMerge: { metadata: { labels: { team: 'blue' } } } }, scope);
    expect(out.status).toBe('pass');
    expect(out.patched['metadata']).toEqual({ name: 'shop', labels: { app: 'shop', team: 'blue' } });
    expect(pod['metadata']).toEqual({ name: 'shop', labels: { app: 'shop' } });
  });

  it('skips when the resource already has the values', () => {
    const out = applyMutate(pod, { patchStrategicMerge: { metadata: { labels: { app: 'shop' } } } }, scope);
    expect(out.status).toBe('skip');
    expect(out.patched).toEqual(pod);
  });

  it('skips when a conditional anchor does not hold, even for the unconditional parts', () => {
    const out = applyMutate(pod, { patchStrategicMerge: { metadata: { labels: { '(app)': 'web', team: 'x' } }, spec: { hostNetwork: false } } }, scope);
    expect(out.status).toBe('skip');
    expect(out.message).toMatch(/anchor/);
  });

  it('applies per-container conditions (the patched container moves first, as with Kyverno\'s merge)', () => {
    const out = applyMutate(pod, { patchStrategicMerge: { spec: { containers: [{ '(image)': 'docker.io/*', imagePullPolicy: 'Always' }] } } }, scope);
    expect(out.status).toBe('pass');
    expect(out.patched['spec']).toEqual({
      ...(pod['spec'] as JsonObject),
      containers: [
        { name: 'proxy', image: 'docker.io/envoy:1', imagePullPolicy: 'Always' },
        { name: 'app', image: 'registry.local/app:1.2' },
      ],
    });
  });

  it('adds annotations under a global anchor only when an element satisfies it', () => {
    const overlay = { metadata: { annotations: { '+(safe-to-evict)': 'true' } }, spec: { volumes: [{ hostPath: { '<(path)': '*' } }] } };
    const out = applyMutate(pod, { patchStrategicMerge: overlay }, scope);
    expect(out.status).toBe('pass');
    expect(out.patched['metadata']).toEqual({ name: 'shop', labels: { app: 'shop' }, annotations: { 'safe-to-evict': 'true' } });
    const noHostPath: JsonObject = { ...pod, spec: { containers: [] } };
    expect(applyMutate(noHostPath, { patchStrategicMerge: overlay }, scope).status).toBe('skip');
  });

  it('applies patchesJson6902 given as YAML text', () => {
    const out = applyMutate(pod, { patchesJson6902: '- op: add\n  path: /spec/priorityClassName\n  value: low\n- op: remove\n  path: /spec/priority\n' }, scope);
    expect(out.status).toBe('pass');
    expect((out.patched['spec'] as JsonObject)['priorityClassName']).toBe('low');
  });

  it('reports errors as values', () => {
    expect(applyMutate(pod, { targets: [{ kind: 'Pod' }], patchStrategicMerge: {} }, scope)).toMatchObject({
      status: 'error',
      message: 'mutate.targets (existing resources) cannot be evaluated offline',
    });
    expect(applyMutate(pod, {}, scope).status).toBe('error');
    expect(applyMutate(pod, { patchesJson6902: '- op: replace\n  path: /nope\n  value: 1' }, scope).status).toBe('error');
    expect(applyMutate(pod, { patchStrategicMerge: { spec: { containers: 'oops' } } }, scope).status).toBe('error');
    expect(applyMutate(pod, { foreach: 'not a list' }, scope).status).toBe('error');
  });
});

function conditionsReady(): boolean {
  try {
    const out = evaluateConditions({ all: [{ key: 'a', operator: 'Equals', value: 'a' }] }, { data: {} });
    return out.ok && out.value.holds;
  } catch {
    return false;
  }
}

describe.skipIf(!variablesReady())('applyMutate with variables and foreach', () => {
  it('substitutes variables in keys and values of the overlay', () => {
    const out = applyMutate(pod, { patchStrategicMerge: { metadata: { annotations: { 'owner/{{ request.object.metadata.name }}': '{{ request.operation }}' } } } }, scope);
    expect(out.status).toBe('pass');
    expect((out.patched['metadata'] as JsonObject)['annotations']).toEqual({ 'owner/shop': 'CREATE' });
  });

  it('keeps container order when foreach rewrites every container (elements applied last to first)', () => {
    const out = applyMutate(pod, {
      foreach: [{ list: 'request.object.spec.containers', patchStrategicMerge: { spec: { containers: [{ name: '{{ element.name }}', image: 'mirror.local/{{ element.name }}' }] } } }],
    }, scope);
    expect(out.status).toBe('pass');
    expect((out.patched['spec'] as JsonObject)['containers']).toEqual([
      { name: 'app', image: 'mirror.local/app' },
      { name: 'proxy', image: 'mirror.local/proxy' },
    ]);
  });

  it('loads variable context entries of a foreach entry', () => {
    const out = applyMutate(pod, {
      foreach: [{
        list: 'request.object.spec.containers',
        context: [{ name: 'registry', variable: { jmesPath: "split(element.image, '/')[0]" } }],
        patchStrategicMerge: { metadata: { annotations: { 'registry/{{ element.name }}': '{{ registry }}' } } },
      }],
    }, scope);
    expect(out.status).toBe('pass');
    expect((out.patched['metadata'] as JsonObject)['annotations']).toEqual({ 'registry/app': 'registry.local', 'registry/proxy': 'docker.io' });
  });

  it('skips an empty list, and reports cluster-only context as an error', () => {
    const empty = applyMutate(pod, { foreach: [{ list: 'request.object.spec.initContainers || `[]`', patchesJson6902: '- op: add\n  path: /x\n  value: 1' }] }, scope);
    expect(empty.status).toBe('skip');
    const offline = applyMutate(pod, {
      foreach: [{ list: 'request.object.spec.containers', context: [{ name: 'cm', configMap: { name: 'x', namespace: 'y' } }], patchStrategicMerge: { metadata: { labels: { a: 'b' } } } }],
    }, scope);
    expect(offline.status).toBe('error');
    expect(offline.message).toMatch(/offline/);
  });

  it('substitutes variables in patchesJson6902 text', () => {
    const out = applyMutate(pod, { patchesJson6902: '- op: add\n  path: /metadata/labels/owner\n  value: "{{ request.object.metadata.name }}"' }, scope);
    expect(out.status).toBe('pass');
    expect((out.patched['metadata'] as JsonObject)['labels']).toEqual({ app: 'shop', owner: 'shop' });
  });

  it('reports an unresolvable variable as an error', () => {
    const out = applyMutate(pod, { patchStrategicMerge: { metadata: { labels: { a: '{{ nothing.here }}' } } } }, scope);
    expect(out.status).toBe('error');
  });

  it('patches every element with patchStrategicMerge, by element name', () => {
    const out = applyMutate(pod, {
      foreach: [{ list: 'request.object.spec.containers', patchStrategicMerge: { spec: { containers: [{ name: '{{ element.name }}', env: [{ name: 'IMAGE', value: '{{ element.image }}' }] }] } } }],
    }, scope);
    expect(out.status).toBe('pass');
    expect((out.patched['spec'] as JsonObject)['containers']).toEqual([
      { name: 'app', image: 'registry.local/app:1.2', env: [{ name: 'IMAGE', value: 'registry.local/app:1.2' }] },
      { name: 'proxy', image: 'docker.io/envoy:1', env: [{ name: 'IMAGE', value: 'docker.io/envoy:1' }] },
    ]);
  });

});

describe.skipIf(!variablesReady() || !conditionsReady())('applyMutate foreach with preconditions', () => {
  it('removes by index in descending order, with element preconditions', () => {
    const out = applyMutate(pod, {
      foreach: [{
        list: 'request.object.spec.volumes',
        order: 'Descending',
        preconditions: { all: [{ key: '{{ element.hostPath.path || \'\' }}', operator: 'NotEquals', value: '' }] },
        patchesJson6902: '- op: remove\n  path: /spec/volumes/{{ elementIndex }}',
      }],
    }, scope);
    expect(out.status).toBe('pass');
    expect((out.patched['spec'] as JsonObject)['volumes']).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  it('nests foreach with elementIndex0 / elementIndex1', () => {
    const withMounts: JsonObject = {
      ...pod,
      spec: { containers: [{ name: 'a', volumeMounts: [{ name: 'x', mountPath: '/x' }, { name: 'cache', mountPath: '/c' }] }] },
    };
    const out = applyMutate(withMounts, {
      foreach: [{
        list: 'request.object.spec.containers',
        foreach: [{
          list: 'element.volumeMounts',
          order: 'Descending',
          preconditions: { all: [{ key: '{{ element.name }}', operator: 'Equals', value: 'cache' }] },
          patchesJson6902: '- op: remove\n  path: /spec/containers/{{ elementIndex0 }}/volumeMounts/{{ elementIndex1 }}',
        }],
      }],
    }, { data: { request: { object: withMounts } } });
    expect(out.status).toBe('pass');
    expect((out.patched['spec'] as JsonObject)['containers']).toEqual([{ name: 'a', volumeMounts: [{ name: 'x', mountPath: '/x' }] }]);
  });

  it('skips when no element passes its preconditions', () => {
    const out = applyMutate(pod, {
      foreach: [{
        list: 'request.object.spec.containers',
        preconditions: { all: [{ key: '{{ element.name }}', operator: 'Equals', value: 'nobody' }] },
        patchStrategicMerge: { metadata: { labels: { x: 'y' } } },
      }],
    }, scope);
    expect(out.status).toBe('skip');
  });
});
