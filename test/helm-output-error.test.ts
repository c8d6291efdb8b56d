import { describe, expect, it } from 'vitest';
import { renderRoot } from '../src/render/render-root.ts';
import { scratchTree } from './render-test-helpers.ts';

const { dir: tree, write } = scratchTree('preadmit-helm-output-');

write({
  'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
  'charts/shop/templates/_helpers.tpl': '{{- define "shop.labels" -}}\napp.kubernetes.io/name: shop\napp.kubernetes.io/component: web\n{{- end }}\n',
  'charts/shop/templates/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop\n',
  'charts/shop/templates/cm.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: shop',
    '  labels:',
    '    {{- include "shop.labels" . | nindent 4 }}',
    '    app.kubernetes.io/component: cache',
    '',
  ].join('\n'),
});

describe('helm: output that is not valid YAML', () => {
  it('is an error on the template line that writes a key twice, not a line of helm\'s output', async () => {
    const result = await renderRoot({ path: 'charts/shop', renderer: 'helm' }, tree, { timeoutMs: 60_000 });
    expect('error' in result && result.error).toMatch(/^charts\/shop\/templates\/cm\.yaml:7:5: this template renders the key "app\.kubernetes\.io\/component" twice in one mapping/);
  });
});
