import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './defaults.ts';
import { parseConfigText } from './parse.ts';
import { formatConfigProblem } from './problems.ts';

const problemsOf = (text: string): string[] => {
  const parsed = parseConfigText(text);
  return parsed.ok ? [] : parsed.problems.map(formatConfigProblem);
};

const FULL = `_extends: acme/.github
roots:
  include: ["apps/**", "charts/**"]
  exclude: ["apps/experimental/**"]
  charts:
    charts/web:
      valuesFiles: [charts/web/values-production.yaml]
  named:
    - name: shop-prod
      path: apps/overlays/production
      renderer: kustomize
  kustomizeBases: true
policies:
  paths: [policies, platform/policies]
  builtin: false
  organisation: acme/kyverno-policies
layers:
  security: {mode: enforce}
  developer: {mode: audit}
severityThreshold: high
failurePolicy: ignore
maxReviewComments: 10
reviewComments: false
warningsConclusion: success
fixes:
  defaults: {cpuRequest: 50m, memoryRequest: 64Mi, memoryLimit: 1Gi}
  caBundle: {configMap: corporate-ca, key: ca.crt}
allowedRegistries: [registry.acme.io/*, ghcr.io/acme/*]
kustomize: {helmCharts: true, loadRestrictorNone: false}
`;

describe('parseConfigText', () => {
  it('accepts every documented key', () => {
    const parsed = parseConfigText(FULL);
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok) return;
    expect(parsed.config.roots?.charts?.['charts/web']?.valuesFiles).toEqual(['charts/web/values-production.yaml']);
    expect(parsed.config._extends).toBe('acme/.github');
  });

  it('accepts DEFAULT_CONFIG written out, and an empty file', () => {
    expect(parseConfigText(stringify(DEFAULT_CONFIG))).toMatchObject({ ok: true });
    expect(parseConfigText('')).toEqual({ ok: true, config: {} });
    expect(parseConfigText('# nothing yet\n')).toEqual({ ok: true, config: {} });
  });

  it('points at an unknown key and lists the known ones', () => {
    expect(problemsOf('roots:\n  include: ["**"]\n  exclud: ["x/**"]\n')).toEqual([
      '.github/preadmit.yml:3:3: Unknown key "exclud" in roots (known keys: include, exclude, charts, named, kustomizeBases).',
    ]);
  });

  it('points at the key of a wrong value', () => {
    expect(problemsOf('failurePolicy: fail\nseverityThreshold: hgih\n')).toEqual([
      '.github/preadmit.yml:2:1: severityThreshold must be one of low, medium, high, critical.',
    ]);
    expect(problemsOf('layers:\n  operations:\n    mode: block\n')).toEqual([
      '.github/preadmit.yml:3:5: layers.operations.mode must be one of enforce, audit.',
    ]);
    expect(problemsOf('maxReviewComments: "ten"\n')).toEqual(['.github/preadmit.yml:1:1: maxReviewComments must be an integer.']);
  });

  it('locates problems inside lists and free-form maps', () => {
    expect(problemsOf('roots:\n  named:\n    - name: a\n      path: x\n    - name: b\n')).toEqual([
      '.github/preadmit.yml:5:7: roots.named[1] needs "path".',
    ]);
    expect(problemsOf('roots:\n  charts:\n    web:\n      values: [a.yaml]\n')).toEqual([
      '.github/preadmit.yml:3:5: roots.charts.web needs "valuesFiles".',
      '.github/preadmit.yml:4:7: Unknown key "values" in roots.charts.web (known keys: valuesFiles).',
    ]);
    expect(problemsOf('allowedRegistries:\n  - ok.io/*\n  - 42\n')).toEqual(['.github/preadmit.yml:3:5: allowedRegistries[1] must be a string.']);
    // entries are wildcard patterns, as the allowed-registries policy compares them: a prefix matches nothing
    expect(problemsOf('allowedRegistries:\n  - ghcr.io/acme/\n')).toEqual([
      '.github/preadmit.yml:2:5: allowedRegistries[0] is not valid here (expected a wildcard pattern matched against the whole image, such as ghcr.io/acme/*; a prefix ending in "/" matches no image).',
    ]);
  });

  it('explains malformed references and quantities', () => {
    expect(problemsOf('policies:\n  organisation: just-a-name\n')).toEqual([
      '.github/preadmit.yml:2:3: policies.organisation is not valid here (expected "owner/repo").',
    ]);
    expect(problemsOf('fixes:\n  defaults:\n    memoryLimit: lots\n')).toEqual([
      '.github/preadmit.yml:3:5: fixes.defaults.memoryLimit is not valid here (expected a Kubernetes quantity such as 100m, 128Mi or 1Gi).',
    ]);
  });

  it('reports every problem of a file, in line order', () => {
    expect(problemsOf('failurePolicy: maybe\nbogus: 1\n')).toEqual([
      '.github/preadmit.yml:1:1: failurePolicy must be one of fail, ignore.',
      '.github/preadmit.yml:2:1: Unknown key "bogus" in the configuration (known keys: _extends, roots, policies, layers, severityThreshold, failurePolicy, maxReviewComments, reviewComments, warningsConclusion, fixes, kustomize, allowedRegistries).',
    ]);
  });

  it('locates YAML errors and rejects a file that is not a mapping', () => {
    const [syntax] = problemsOf('roots:\n  include: [a\n');
    expect(syntax).toMatch(/^\.github\/preadmit\.yml:\d+:\d+: Invalid YAML: /);
    expect(problemsOf('failurePolicy: fail\nfailurePolicy: ignore\n')[0]).toMatch(/^\.github\/preadmit\.yml:2:1: Invalid YAML: Map keys must be unique/);
    expect(problemsOf('- a\n- b\n')).toEqual(['.github/preadmit.yml:1:1: The configuration must be a mapping of keys (roots:, policies:, layers: …).']);
  });

  it('names the file it was given', () => {
    const parsed = parseConfigText('bogus: 1\n', 'acme/.github:.github/preadmit.yml');
    expect(parsed.ok ? '' : parsed.problems[0]?.file).toBe('acme/.github:.github/preadmit.yml');
  });
});
