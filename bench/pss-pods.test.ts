import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateManifests } from './generate.ts';
import { expectedVerdicts, loadFixturePods, newestFixtureVersion, podOf, podsOfFiles, yamlObjects } from './pss-pods.ts';

const PSA = '/work/shared/corpus/psa-kyverno-tests';

describe('podOf', () => {
  it('turns a Deployment pod template into a Pod named after the workload', () => {
    const [deployment] = yamlObjects(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      hostPID: true\n      containers: [{name: c, image: nginx}]\n',
    );
    const pod = podOf(deployment ?? {}, 'x#0');
    expect(pod?.pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { labels: { app: 'web' }, name: 'web', namespace: 'shop' },
      spec: { hostPID: true, containers: [{ name: 'c', image: 'nginx' }] },
    });
    expect(pod?.name).toBe('web');
    expect(pod?.namespace).toBe('shop');
    expect(yamlObjects(pod?.text ?? '')).toEqual([pod?.pod]);
  });

  it('reaches a CronJob template through the job template and keeps bare Pods', () => {
    const [cron, bare, service] = yamlObjects(
      'kind: CronJob\nmetadata: {name: tick}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec: {containers: [{name: a}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n---\nkind: Service\nmetadata: {name: s}\nspec: {}\n',
    );
    expect(podOf(cron ?? {}, 'c')?.pod['spec']).toEqual({ containers: [{ name: 'a' }] });
    expect(podOf(bare ?? {}, 'b')?.name).toBe('p');
    expect(podOf(service ?? {}, 's')).toBeUndefined();
  });
});

describe('podsOfFiles', () => {
  it('finds one Pod per workload document of the bench corpus, with unique ids', () => {
    const files = generateManifests(80);
    const workloads = files.reduce((n, f) => n + (f.text.match(/^kind: (Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Job|CronJob|Pod)$/gm) ?? []).length, 0);
    const pods = podsOfFiles(files);
    expect(pods.length).toBe(workloads);
    expect(new Set(pods.map((p) => p.id)).size).toBe(pods.length);
    expect(pods.every((p) => p.pod['kind'] === 'Pod' && p.pod['apiVersion'] === 'v1')).toBe(true);
  });
});

describe('expectedVerdicts', () => {
  it('maps pass to allowed and fail to denied, ignoring other results', () => {
    const verdicts = expectedVerdicts('results:\n- result: pass\n  resources: [a, b]\n- result: fail\n  resources: [c]\n- result: skip\n  resources: [d]\n');
    expect([...verdicts]).toEqual([['a', true], ['b', true], ['c', false]]);
  });
});

describe('newestFixtureVersion', () => {
  it('picks the newest v1.N present under both levels, by number', () => {
    const root = mkdtempSync(join(tmpdir(), 'pss-'));
    for (const dir of ['baseline/v1.9', 'baseline/v1.10', 'baseline/v1.11', 'restricted/v1.9', 'restricted/v1.10', 'restricted/notes']) mkdirSync(join(root, dir), { recursive: true });
    expect(newestFixtureVersion(root)).toEqual({ ok: true, value: 'v1.10' });
  });

  it('is an error when no version is shared', () => {
    expect(newestFixtureVersion(mkdtempSync(join(tmpdir(), 'pss-'))).ok).toBe(false);
  });
});

describe.skipIf(!existsSync(PSA))('loadFixturePods on the PSA fixtures', () => {
  it('gives every Pod of resources.yaml an expected verdict', () => {
    const version = newestFixtureVersion(PSA);
    if (!version.ok) throw new Error(version.error);
    for (const level of ['baseline', 'restricted'] as const) {
      const pods = loadFixturePods(PSA, level, version.value);
      if (!pods.ok) throw new Error(pods.error);
      const documents = (readFileSync(join(PSA, level, version.value, 'resources.yaml'), 'utf8').match(/^kind: Pod$/gm) ?? []).length;
      expect(pods.value.length).toBe(documents);
      expect(pods.value.some((p) => p.expectedAllowed)).toBe(true);
      expect(pods.value.some((p) => !p.expectedAllowed)).toBe(true);
      expect(pods.value.every((p) => p.expectedAllowed === p.name.startsWith('pass-'))).toBe(true);
    }
  });
});
