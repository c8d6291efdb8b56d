import { describe, expect, it } from 'vitest';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import type { DependencyList } from './disabled-dependencies.ts';
import { helmErrorPlace } from './error-place.ts';

const listed = (text: string, file: DependencyList['file']): DependencyList => {
  const [doc] = parseRangedDocuments(text);
  if (!doc) throw new Error('no document');
  return { ...doc, value: doc.value as Record<string, never>, text, file };
};

describe('helmErrorPlace', () => {
  const chart = listed('apiVersion: v2\nname: shop\ndependencies:\n  - name: cache\n    version: 1.0.0\n  - name: search\n    version: 2.0.0\n', 'Chart.yaml');

  it('puts a missing dependency on its entry, the first helm names', () => {
    const error = 'Error: An error occurred while checking for chart dependencies. found in Chart.yaml, but missing in charts/ directory: search, cache';
    expect(helmErrorPlace(error, 'charts/shop', 'shop', chart)).toBe('charts/shop/Chart.yaml:4:5');
    expect(helmErrorPlace('found in Chart.yaml, but missing in charts/ directory: search', '.', 'shop', chart)).toBe('Chart.yaml:6:5');
    const v1 = listed('dependencies:\n- name: cache\n  version: 1.0.0\n', 'requirements.yaml');
    expect(helmErrorPlace('missing in charts/ directory: cache', 'shop', 'shop', v1)).toBe('shop/requirements.yaml:2:3');
  });

  it('puts a template error on the template line, the chart name standing for its directory', () => {
    expect(helmErrorPlace("Error: execution error at (shop/templates/pod.yaml:44:23): 'address' must be set", 'deploy/shop-chart', 'shop', chart)).toBe('deploy/shop-chart/templates/pod.yaml:44:23');
    expect(helmErrorPlace('Error: parse error at (shop/templates/_helpers.tpl:7): unexpected EOF', '.', 'shop', chart)).toBe('templates/_helpers.tpl:7:1');
    expect(helmErrorPlace('Error: execution error at (other/templates/pod.yaml:1:2): no', '.', 'shop', chart)).toBeUndefined();
    expect(helmErrorPlace('Error: something else', '.', 'shop', chart)).toBeUndefined();
  });
});
