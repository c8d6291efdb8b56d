import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRoot } from '../src/render/render-root.ts';
import { at, find, resourcesOf } from './render-test-helpers.ts';

const CHART = join(import.meta.dirname, 'fixtures', 'render', 'chart-basic');

describe('helm: chart with values files', () => {
  const rendered = renderRoot({ path: '.', renderer: 'helm', valuesFiles: ['prod-values.yaml'] }, CHART);

  it('renders the chart with the values files in order', async () => {
    const resources = resourcesOf(await rendered);
    expect(resources.map((r) => `${String(r.object['kind'])} ${String((r.object['metadata'] as any).name)}`).sort()).toEqual([
      'Deployment release-name-web',
      'Service release-name-web',
    ]);
    const deployment = find(resources, 'Deployment', 'release-name-web');
    expect((deployment.object['spec'] as any).replicas).toBe(5);
    expect((deployment.object['spec'] as any).template.spec.containers[0].image).toBe('registry.example.com/shop/web:2.0.0');
  });

  it('maps a literal field to the template line that writes its key', async () => {
    const deployment = find(resourcesOf(await rendered), 'Deployment', 'release-name-web');
    expect(at(deployment, '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation')).toBe('templates/deployment.yaml:25');
    expect(at(deployment, '/metadata/labels/app.kubernetes.io~1name')).toBe('templates/deployment.yaml:6');
    expect(at(deployment, '/spec/template/metadata/labels/app.kubernetes.io~1name')).toBe('templates/deployment.yaml:15');
    // Composed of several values: the template line where it is composed.
    expect(at(deployment, '/spec/template/spec/containers/0/image')).toBe('templates/deployment.yaml:21');
  });

  it('maps a values-driven field to the values line, the last values file first', async () => {
    const resources = resourcesOf(await rendered);
    const deployment = find(resources, 'Deployment', 'release-name-web');
    expect(at(deployment, '/spec/replicas')).toBe('prod-values.yaml:1');
    expect(at(deployment, '/spec/template/spec/securityContext/runAsNonRoot')).toBe('values.yaml:8');
    expect(at(deployment, '/spec/template/spec/containers/0/ports/0/containerPort')).toBe('values.yaml:6');
    // Under `toYaml .Values.resources`: the values key below it.
    expect(at(deployment, '/spec/template/spec/containers/0/resources/limits/memory')).toBe('prod-values.yaml:5');
    const service = find(resources, 'Service', 'release-name-web');
    expect(at(service, '/spec/ports/0/targetPort')).toBe('values.yaml:6');
    expect(at(service, '/spec/ports/0/port')).toBe('templates/deployment.yaml:37');
    expect(at(service, '/metadata/name')).toBe('templates/deployment.yaml:32');
  });

  it('gives no source for a field the object does not have', async () => {
    const deployment = find(resourcesOf(await rendered), 'Deployment', 'release-name-web');
    expect(deployment.sourceOf('/spec/paused')).toBeUndefined();
  });
});

describe('helm: failures', () => {
  it('renders a chart without a dependency missing from charts/, without fetching it, and reports the dependency', async () => {
    const result = await renderRoot({ path: '.', renderer: 'helm' }, join(import.meta.dirname, 'fixtures', 'render', 'chart-missing-dep'));
    if ('error' in result) throw new Error(result.error);
    expect(result.resources.length).toBeGreaterThan(0);
    expect(result.omitted).toEqual([expect.stringMatching(/^Chart\.yaml:5:5: dependency "cache" \(https:\/\/charts\.example\.com\/stable\) is not in charts\/.*never fetches chart dependencies/)]);
  });

  it('reports a missing values file and a directory that is not a chart', async () => {
    const missing = await renderRoot({ path: '.', renderer: 'helm', valuesFiles: ['nope.yaml'] }, CHART);
    expect('error' in missing && missing.error).toBe('values file nope.yaml does not exist');
    const notChart = await renderRoot({ path: 'templates', renderer: 'helm' }, CHART);
    expect('error' in notChart && notChart.error).toBe('templates has no Chart.yaml');
  });

  it('reports a template error as a value', async () => {
    const result = await renderRoot({ path: '.', renderer: 'helm', valuesFiles: ['prod-values.yaml'] }, CHART, { timeoutMs: 60_000, helmReleaseName: 'Not_A_Valid_Name' });
    expect('error' in result).toBe(true);
  });
});

describe('helm: subcharts', () => {
  it('maps subchart fields to the subchart template and to the parent values that override it', async () => {
    const tree = join(import.meta.dirname, 'fixtures', 'render', 'chart-with-subchart');
    const resources = resourcesOf(await renderRoot({ path: '.', renderer: 'helm' }, tree, { helmNamespace: 'platform', helmReleaseName: 'prod' }));
    const platform = find(resources, 'ConfigMap', 'prod-platform');
    expect((platform.object['metadata'] as any).namespace).toBe('platform');
    expect(at(platform, '/data/greeting')).toBe('values.yaml:1');
    // Emitted by a named template: the line in its define, or the values line it reads.
    expect(at(platform, '/metadata/labels/app.kubernetes.io~1part-of')).toBe('templates/_helpers.tpl:3');
    expect(at(platform, '/metadata/labels/team')).toBe('values.yaml:4');
    const metrics = find(resources, 'ConfigMap', 'prod-metrics');
    expect(at(metrics, '/data/interval')).toBe('values.yaml:3');
    expect(at(metrics, '/data/retention')).toBe('charts/metrics/values.yaml:2');
    expect(at(metrics, '/metadata/name')).toBe('charts/metrics/templates/configmap.yaml:4');
  });

  it('includes CRDs (applied on install) and leaves out test hooks (not applied)', async () => {
    const tree = join(import.meta.dirname, 'fixtures', 'render', 'chart-with-subchart');
    const resources = resourcesOf(await renderRoot({ path: '.', renderer: 'helm' }, tree));
    expect(resources.map((r) => r.object['kind']).sort()).toEqual(['ConfigMap', 'ConfigMap', 'CustomResourceDefinition']);
    const crd = find(resources, 'CustomResourceDefinition', 'widgets.example.com');
    expect(at(crd, '/spec/names/plural')).toBe('crds/widget-crd.yaml:9');
  });
});

describe('helm: values files outside the chart', () => {
  it('copies and reads a values file from elsewhere in the tree', async () => {
    const tree = join(import.meta.dirname, 'fixtures', 'render');
    const resources = resourcesOf(await renderRoot({ path: 'chart-basic', renderer: 'helm', valuesFiles: ['helm-values/staging.yaml'] }, tree));
    const deployment = find(resources, 'Deployment', 'release-name-web');
    expect((deployment.object['spec'] as any).template.spec.containers[0].image).toBe('registry.example.com/shop/web:2.1.0-rc1');
    expect(at(deployment, '/spec/replicas')).toBe('helm-values/staging.yaml:2');
    expect(at(deployment, '/spec/template/spec/securityContext/runAsNonRoot')).toBe('chart-basic/values.yaml:8');
    expect(deployment.root).toBe('chart-basic');
  });
});
