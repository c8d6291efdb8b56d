import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import { preprocessOverlay } from './anchor-preprocess.ts';

function prepared(overlay: JsonValue, resource: JsonObject): JsonObject {
  const out = preprocessOverlay(overlay, resource);
  if (!out.ok) throw new Error(`${out.failure.kind}: ${out.failure.message}`);
  return out.overlay;
}

const pod: JsonObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'shop', annotations: { team: 'blue' } },
  spec: {
    containers: [
      { name: 'app', image: 'registry.local/app:1.2' },
      { name: 'proxy', image: 'docker.io/envoy:1', imagePullPolicy: 'Never' },
    ],
    volumes: [{ name: 'scratch', emptyDir: {} }],
  },
};

describe('add-if-not-present anchors', () => {
  it('writes the key when the resource lacks it and drops it when present', () => {
    const out = prepared({ metadata: { annotations: { '+(team)': 'red', '+(tier)': 'web' } } }, pod);
    expect(out).toEqual({ metadata: { annotations: { tier: 'web' } } });
  });

  it('drops maps emptied by the anchors', () => {
    expect(prepared({ metadata: { annotations: { '+(team)': 'red' } } }, pod)).toEqual({});
  });
});

describe('conditional anchors on maps', () => {
  it('keeps the rest of the overlay when the condition holds', () => {
    const out = prepared({ metadata: { annotations: { '(team)': 'blue', owner: 'me' } } }, pod);
    expect(out).toEqual({ metadata: { annotations: { owner: 'me' } } });
  });

  it('fails as a condition when the value differs or the key is missing', () => {
    const differs = preprocessOverlay({ metadata: { annotations: { '(team)': 'green', owner: 'me' } } }, pod);
    expect(differs.ok ? 'ok' : differs.failure.kind).toBe('condition');
    const missing = preprocessOverlay({ metadata: { labels: { '(app)': 'x' } } }, pod);
    expect(missing.ok ? 'ok' : missing.failure.kind).toBe('condition');
  });

  it('checks condition values with pattern wildcards', () => {
    const out = prepared({ metadata: { annotations: { '(team)': 'bl*', owner: 'me' } } }, pod);
    expect(out).toEqual({ metadata: { annotations: { owner: 'me' } } });
  });
});

describe('anchors inside list entries', () => {
  it('copies a conditional entry for every element it matches, by name', () => {
    const out = prepared({ spec: { containers: [{ '(image)': 'registry.local/*', imagePullPolicy: 'Always' }] } }, pod);
    expect(out).toEqual({ spec: { containers: [{ imagePullPolicy: 'Always', name: 'app' }] } });
  });

  it('applies a wildcard name condition to every container', () => {
    const out = prepared({ spec: { containers: [{ '(name)': '*', securityContext: { privileged: false } }] } }, pod);
    expect(out).toEqual({
      spec: {
        containers: [
          { securityContext: { privileged: false }, name: 'app' },
          { securityContext: { privileged: false }, name: 'proxy' },
        ],
      },
    });
  });

  it('resolves add-if-not-present inside an entry against the element', () => {
    const proxyFirst: JsonObject = { ...pod, spec: { containers: [{ name: 'proxy', imagePullPolicy: 'Never' }, { name: 'app' }] } };
    const out = prepared({ spec: { containers: [{ '(name)': 'proxy', '+(imagePullPolicy)': 'IfNotPresent', '+(stdin)': false }] } }, proxyFirst);
    expect(out).toEqual({ spec: { containers: [{ stdin: false, name: 'proxy' }] } });
  });

  it('resolves add-if-not-present once per entry, on the first element, as Kyverno does', () => {
    // `app` comes first and has no imagePullPolicy: the anchor becomes a plain key, which then applies to `proxy`.
    const out = prepared({ spec: { containers: [{ '(name)': 'proxy', '+(imagePullPolicy)': 'IfNotPresent' }] } }, pod);
    expect(out).toEqual({ spec: { containers: [{ imagePullPolicy: 'IfNotPresent', name: 'proxy' }] } });
  });

  it('drops the list when no element satisfies the condition, keeping the rest', () => {
    const out = prepared({ metadata: { labels: { x: 'y' } }, spec: { containers: [{ '(image)': 'nowhere/*', imagePullPolicy: 'Always' }] } }, pod);
    expect(out).toEqual({ metadata: { labels: { x: 'y' } } });
  });
});

describe('global anchors', () => {
  it('keeps the other parts of the overlay when some element satisfies the global anchor', () => {
    const out = prepared({ metadata: { annotations: { '+(evict)': 'true' } }, spec: { volumes: [{ '<(emptyDir)': {} }] } }, pod);
    expect(out).toEqual({ metadata: { annotations: { evict: 'true' } } });
  });

  it('fails as global when no element satisfies it', () => {
    const out = preprocessOverlay({ spec: { containers: [{ '<(image)': 'corp.example/*' }], imagePullSecrets: [{ name: 's' }] } }, pod);
    expect(out.ok ? 'ok' : out.failure.kind).toBe('global');
  });

  it('fails as global when the list is missing from the resource', () => {
    const out = preprocessOverlay({ spec: { initContainers: [{ '<(image)': '*' }], imagePullSecrets: [{ name: 's' }] } }, pod);
    expect(out.ok ? 'ok' : out.failure.kind).toBe('global');
  });

  it('passes through a nested global condition in a list entry', () => {
    const withHost: JsonObject = { ...pod, spec: { volumes: [{ name: 'h', hostPath: { path: '/var/data' } }] } };
    const out = prepared({ metadata: { annotations: { x: 'y' } }, spec: { volumes: [{ hostPath: { '<(path)': '*data' } }] } }, withHost);
    expect(out).toEqual({ metadata: { annotations: { x: 'y' } } });
  });
});

describe('plain overlays', () => {
  it('leaves overlays without anchors unchanged, including nulls', () => {
    const overlay = { metadata: { labels: { a: null, b: 'c' } }, spec: { containers: [{ name: 'app', image: 'x' }] } };
    expect(prepared(overlay, pod)).toEqual(overlay);
  });

  it('drops empty maps from the overlay, as Kyverno\'s anchor clean-up does', () => {
    expect(prepared({ spec: { volumes: [{ name: 'cache', emptyDir: {} }] } }, pod)).toEqual({ spec: { volumes: [{ name: 'cache' }] } });
  });

  it('rejects a non-mapping overlay', () => {
    const out = preprocessOverlay(['x'], pod);
    expect(out.ok ? 'ok' : out.failure.kind).toBe('error');
  });
});
