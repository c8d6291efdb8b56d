import { describe, expect, it } from 'vitest';
import { namedTemplates } from './named-templates.ts';
import { outputErrorMessage, sourceOfOutputLine } from './output-error-place.ts';

const OUTPUT = `---
# Source: shop/templates/sa.yaml
apiVersion: v1
kind: ServiceAccount
---
# Source: shop/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    app: shop
    app: shop
`;

const HELPERS = `{{- define "shop.labels" -}}
app: shop
{{- end }}
`;

describe('helm template output that is not valid YAML, on the template that wrote it', () => {
  it('finds the template of an output line by the Source comment above it', () => {
    expect(sourceOfOutputLine(OUTPUT, 12)).toBe('shop/templates/cm.yaml');
    expect(sourceOfOutputLine(OUTPUT, 4)).toBe('shop/templates/sa.yaml');
    expect(sourceOfOutputLine('apiVersion: v1\n', 1)).toBeUndefined();
  });

  it('places a key written twice on the template line that writes it, with what to do', () => {
    const template = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    {{- include "shop.labels" . | nindent 4 }}\n    app: shop\n';
    const message = outputErrorMessage('charts/shop/templates/cm.yaml', template, 12, 'Invalid YAML: Map keys must be unique: app appears twice in the same mapping');
    expect(message).toMatch(/^charts\/shop\/templates\/cm\.yaml:6:5: this template renders the key "app" twice in one mapping \(line 12 of helm template's output\)\..*render the key once/);
  });

  it('else on the first line that includes a named template writing the key', () => {
    const template = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    {{- include "shop.other" . | nindent 4 }}\n    {{- include "shop.labels" . | nindent 4 }}\n';
    const defines = namedTemplates([{ file: 'charts/shop/templates/_helpers.tpl', text: HELPERS }]);
    expect(outputErrorMessage('charts/shop/templates/cm.yaml', template, 12, 'Invalid YAML: Map keys must be unique: "app" appears twice in the same mapping', defines)).toMatch(/^charts\/shop\/templates\/cm\.yaml:6:5: .*"app"/);
    // nothing writes it where it can be seen: the template's first line
    expect(outputErrorMessage('charts/shop/templates/cm.yaml', template, 12, 'Invalid YAML: Map keys must be unique: app appears twice in the same mapping')).toMatch(/^charts\/shop\/templates\/cm\.yaml:1:1: /);
  });

  it('says any other YAML error on the template, with the output line', () => {
    expect(outputErrorMessage('charts/shop/templates/cm.yaml', 'x', 9, 'Invalid YAML: Unexpected scalar at node end')).toBe(
      "charts/shop/templates/cm.yaml:1:1: the output of this template is not valid YAML (line 9 of helm template's output): Invalid YAML: Unexpected scalar at node end; fix the template so it renders valid YAML",
    );
  });
});
