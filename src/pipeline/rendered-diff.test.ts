import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { renderedDiff } from './rendered-diff.ts';

const deploy = (name: string, image: string): JsonObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });
const cm: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' } };

describe('renderedDiff', () => {
  it('lists added, removed and changed resources, naming every root once per identical change', () => {
    const base = [
      { root: 'overlays/dev', resources: [deploy('web', 'nginx:1.26'), cm] },
      { root: 'overlays/prod', resources: [deploy('web', 'nginx:1.26'), cm] },
    ];
    const head = [
      { root: 'overlays/dev', resources: [deploy('web', 'nginx:1.27'), deploy('api', 'api:2')] },
      { root: 'overlays/prod', resources: [deploy('web', 'nginx:1.27'), cm] },
    ];
    const changes = renderedDiff(base, head);
    expect(changes.map((c) => `${c.change} ${c.resource} [${c.roots.join(', ')}]`)).toEqual([
      'removed ConfigMap/shop/settings [overlays/dev]',
      'added Deployment/shop/api [overlays/dev]',
      'changed Deployment/shop/web [overlays/dev, overlays/prod]',
    ]);
    const web = changes.find((c) => c.resource === 'Deployment/shop/web');
    expect(web?.diff).toContain('-          image: nginx:1.26');
    expect(web?.diff).toContain('+          image: nginx:1.27');
  });

  it('is empty when nothing rendered differs', () => {
    expect(renderedDiff([{ root: '.', resources: [cm] }], [{ root: '.', resources: [structuredClone(cm)] }])).toEqual([]);
  });
});
