import { describe, expect, it } from 'vitest';
import { parseDocuments } from './documents.ts';
import { holdsKubernetesObjects, isKubernetesTypeMeta } from './kubernetes-object.ts';

describe('isKubernetesTypeMeta', () => {
  it.each([
    ['v1', 'ConfigMap'],
    ['apps/v1', 'Deployment'],
    ['batch/v1', 'CronJob'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler'],
    ['argoproj.io/v1alpha1', 'Application'],
    ['kyverno.io/v1', 'ClusterPolicy'],
  ])('%s %s is an object', (apiVersion, kind) => {
    expect(isKubernetesTypeMeta(apiVersion, kind)).toBe(true);
  });

  it.each([
    ['skaffold/v4beta6', 'Config'],
    ['kustomize.config.k8s.io/v1beta1', 'Kustomization'],
    ['kustomize.config.k8s.io/v1alpha1', 'Component'],
    ['cli.kyverno.io/v1alpha1', 'Test'],
    ['v2', 'chart'],
    ['apps/latest', 'Deployment'],
    ['https://example.org/v1', 'Thing'],
  ])('%s %s is not', (apiVersion, kind) => {
    expect(isKubernetesTypeMeta(apiVersion, kind)).toBe(false);
  });
});

describe('holdsKubernetesObjects', () => {
  it('finds an object in any document', () => {
    expect(holdsKubernetesObjects(parseDocuments('a: 1\n---\napiVersion: v1\nkind: Secret\n'))).toBe(true);
  });

  it('counts a broken file whose top lines name an object, not other broken files', () => {
    expect(holdsKubernetesObjects(parseDocuments('apiVersion: v1\nkind: ConfigMap\ndata: [oops\n'))).toBe(true);
    expect(holdsKubernetesObjects(parseDocuments('name: ci\non: [oops\n'))).toBe(false);
  });

  it('rejects Chart.yaml and values files', () => {
    expect(holdsKubernetesObjects(parseDocuments('apiVersion: v2\nname: web\nversion: 1.0.0\n'))).toBe(false);
    expect(holdsKubernetesObjects(parseDocuments('replicas: 3\n'))).toBe(false);
  });
});
