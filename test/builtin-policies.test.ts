/** The policies that ship in policies/: their own kyverno test suites, their metadata, and their declared fixes. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';
import { isObject, type JsonObject, type JsonValue } from '../src/core/json.ts';
import { evaluatePolicies } from '../src/engine/evaluate.ts';
import type { RuleResult } from '../src/engine/types.ts';
import { loadPolicyDirs } from '../src/pipeline/load-policy-dirs.ts';
import type { Policy } from '../src/policy/types.ts';

const root = join(import.meta.dirname, '..');
const policiesDir = join(root, 'policies');
const LAYERS = ['security', 'operations', 'developer'] as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const FIX_PREFIX = 'preadmit.dev/fix.';

interface PolicyFile {
  layer: string;
  folder: string;
  file: string;
  doc: JsonObject;
}

function policyFiles(): PolicyFile[] {
  return LAYERS.flatMap((layer) =>
    readdirSync(join(policiesDir, layer), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => {
        const file = join(policiesDir, layer, entry.name, 'policy.yaml');
        const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJSON() as JsonValue);
        expect(docs, file).toHaveLength(1);
        const doc = docs[0];
        if (!isObject(doc)) throw new Error(`${file} does not hold a mapping`);
        return { layer, folder: entry.name, file, doc };
      }),
  );
}

function annotationsOf(doc: JsonObject): Record<string, string> {
  const metadata = isObject(doc['metadata']) ? doc['metadata'] : {};
  const annotations = isObject(metadata['annotations']) ? metadata['annotations'] : {};
  return Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, String(v)]));
}

function ruleNames(doc: JsonObject): string[] {
  const spec = isObject(doc['spec']) ? doc['spec'] : {};
  const rules = Array.isArray(spec['rules']) ? spec['rules'] : [];
  return rules.map((r) => (isObject(r) ? String(r['name']) : ''));
}

function suiteResources(folder: string): JsonObject[] {
  const text = readFileSync(join(folder, '.kyverno-test', 'resources.yaml'), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJSON() as JsonValue)
    .filter(isObject);
}

const files = policyFiles();

describe('the built-in policies pass their own kyverno test suites', () => {
  it('preadmit test policies exits 0 with no mismatches, and every policy has a suite that ran', async () => {
    let out = '';
    const code = await run(['test', 'policies', '--json'], { stdout: (t) => (out += t + '\n'), stderr: () => undefined, cwd: root });
    const doc = JSON.parse(out) as { results: { file: string; policy: string; ok: boolean }[]; summary: { total: number; ok: number; mismatch: number } };
    expect(doc.results.filter((r) => !r.ok)).toEqual([]);
    expect(doc.summary.mismatch).toBe(0);
    expect(code).toBe(0);
    const tested = new Set(doc.results.map((r) => r.policy));
    for (const { doc: policy } of files) {
      const name = String((policy['metadata'] as JsonObject)['name']);
      expect(tested.has(name), `no test results for policy ${name}`).toBe(true);
    }
  });
});

describe.each(files.map((f) => [`${f.layer}/${f.folder}`, f] as const))('policy %s', (_label, { layer, folder, file, doc }) => {
  const annotations = annotationsOf(doc);

  it('is a kyverno.io ClusterPolicy named after its folder, with a test suite', () => {
    expect(doc['apiVersion']).toBe('kyverno.io/v1');
    expect(doc['kind']).toBe('ClusterPolicy');
    expect((doc['metadata'] as JsonObject)['name']).toBe(folder);
    expect(existsSync(join(file, '..', '.kyverno-test', 'kyverno-test.yaml'))).toBe(true);
  });

  it('has a title, category, severity, layer and a description that says how to fix', () => {
    expect(annotations['policies.kyverno.io/title']?.trim()).toBeTruthy();
    expect(annotations['policies.kyverno.io/category']?.trim()).toBeTruthy();
    expect(SEVERITIES).toContain(annotations['policies.kyverno.io/severity']);
    expect(annotations['preadmit.dev/layer']).toBe(layer);
    expect(annotations['policies.kyverno.io/description']).toMatch(/\bFix: \S/);
  });

  it('declares fixes only for rules it has', () => {
    const rules = ruleNames(doc);
    const fixed = Object.keys(annotations)
      .filter((k) => k.startsWith(FIX_PREFIX))
      .map((k) => k.slice(FIX_PREFIX.length));
    for (const rule of fixed) expect(rules, `fix annotation for unknown rule ${rule}`).toContain(rule);
  });
});

describe('loading the built-in policies', () => {
  it('loads every policy file without problems, each in its folder\'s layer', async () => {
    const set = await loadPolicyDirs([policiesDir]);
    expect(set.problems).toEqual([]);
    expect(set.policies.map((p) => p.meta.name).sort()).toEqual(files.map((f) => f.folder).sort());
    for (const f of files) expect(set.policies.find((p) => p.meta.name === f.folder)?.meta.layer).toBe(f.layer);
  });
});

describe('partial workloads, as a Kustomize base leaves them for an overlay to complete', async () => {
  const set = await loadPolicyDirs([policiesDir]);
  const template = (spec: JsonValue): JsonObject => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'controller' }, spec: { replicas: 0, template: { spec } } });
  const partial: [string, JsonObject][] = [
    ['a container without an image', template({ containers: [{ name: 'controller', args: ['run'] }] })],
    ['an init container without an image', template({ containers: [{ name: 'a', image: 'ghcr.io/acme/a:1.0.0' }], initContainers: [{ name: 'init' }] })],
    ['a container with a null image', template({ containers: [{ name: 'a', image: null }] })],
    ['no containers at all', template({ containers: null })],
    ['an empty pod spec', template({})],
  ];

  it.each(partial)('%s: no policy errors (what is there is checked, what is missing is left to the overlay)', (_label, resource) => {
    const results = evaluatePolicies(set.policies, { resource, operation: 'CREATE' });
    expect(results.filter((r) => r.status === 'error').map((r) => `${r.policy.name}/${r.rule}: ${r.message}`)).toEqual([]);
  });

  it('an image-less container next to a :latest one: the :latest one is still reported', () => {
    const resource = template({ containers: [{ name: 'base' }, { name: 'web', image: 'nginx:latest' }] });
    const failed = evaluatePolicies(set.policies, { resource, operation: 'CREATE' }).filter((r) => r.policy.name === 'no-latest-tag' && r.status === 'fail');
    expect(failed.map((r) => r.message)).toEqual([expect.stringContaining("Container 'web' uses image nginx:latest")]);
  });
});

describe('declared fixes of the built-in policies', async () => {
  const set = await loadPolicyDirs([policiesDir]);
  const byName = (name: string): Policy => {
    const policy = set.policies.find((p) => p.meta.name === name);
    if (!policy) throw new Error(`no policy ${name}`);
    return policy;
  };
  const withFixes = files.filter((f) => Object.keys(annotationsOf(f.doc)).some((k) => k.startsWith(FIX_PREFIX)));

  it('are declared on the policies where a fix is sensible', () => {
    expect(withFixes.map((f) => f.folder).sort()).toEqual(
      ['automount-sa-token-disabled', 'ca-bundle-injection', 'image-pull-policy', 'pod-security-baseline', 'pod-security-restricted', 'recommended-labels', 'require-requests-limits'].sort(),
    );
  });

  it.each(withFixes.map((f) => [f.folder, f] as const))('%s: each declared fix repairs a failing resource of its own suite', (name, f) => {
    const policy = byName(name);
    const results: RuleResult[] = suiteResources(join(f.file, '..')).flatMap((resource) => evaluatePolicies([policy], { resource, operation: 'CREATE' }));
    const declared = Object.keys(annotationsOf(f.doc))
      .filter((k) => k.startsWith(FIX_PREFIX))
      .map((k) => k.slice(FIX_PREFIX.length));
    for (const rule of declared) {
      const fixed = results.filter((r) => (r.rule === rule || r.rule === `autogen-${rule}` || r.rule === `autogen-cronjob-${rule}`) && r.fix !== undefined);
      expect(fixed.length, `no failing resource of ${name} got a fix for ${rule}`).toBeGreaterThan(0);
      for (const r of fixed) expect(['fail', 'warn']).toContain(r.status);
    }
  });
});

const unsizedDeployment: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'orders' },
  spec: {
    selector: { matchLabels: { app: 'orders' } },
    template: {
      metadata: { labels: { app: 'orders' } },
      spec: {
        containers: [
          { name: 'app', image: 'ghcr.io/acme/orders:1.0.0', resources: { requests: { cpu: '500m' } } },
          { name: 'proxy', image: 'ghcr.io/acme/proxy:1.0.0' },
        ],
      },
    },
  },
};

describe('what the fixes propose', async () => {
  const set = await loadPolicyDirs([policiesDir]);
  const evaluate = (name: string, resource: JsonObject, values: Record<string, JsonValue> = {}): RuleResult | undefined =>
    evaluatePolicies(
      set.policies.filter((p) => p.meta.name === name),
      { resource, operation: 'CREATE', valuesFor: () => values },
    ).find((r) => r.status === 'fail' || r.status === 'warn');

  it('require-requests-limits keeps set values and proposes the defaults for the rest, on every container', () => {
    const result = evaluate('require-requests-limits', unsizedDeployment);
    expect(result?.rule).toBe('autogen-requests-and-memory-limit');
    expect(result?.fix?.patch).toEqual(
      expect.arrayContaining([
        { op: 'add', path: '/spec/template/spec/containers/0/resources/requests/memory', value: '128Mi' },
        { op: 'add', path: '/spec/template/spec/containers/0/resources/limits', value: { memory: '256Mi' } },
        { op: 'add', path: '/spec/template/spec/containers/1/resources', value: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } },
      ]),
    );
    expect(result?.fix?.patch).toHaveLength(3);
  });

  it('require-requests-limits takes its defaults from preadmit.fixDefaults, each field on its own', () => {
    const all = { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '1Gi' };
    const result = evaluate('require-requests-limits', unsizedDeployment, { 'preadmit.fixDefaults': all });
    expect(result?.fix?.patch).toContainEqual({ op: 'add', path: '/spec/template/spec/containers/1/resources', value: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '1Gi' } } });
    const some = evaluate('require-requests-limits', unsizedDeployment, { 'preadmit.fixDefaults': { memoryLimit: '2Gi' } });
    expect(some?.fix?.patch).toContainEqual({ op: 'add', path: '/spec/template/spec/containers/1/resources', value: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '2Gi' } } });
  });

  it('recommended-labels names the pod template after the Deployment and keeps an existing label', () => {
    const labelled = structuredClone(unsizedDeployment);
    (((labelled['spec'] as JsonObject)['template'] as JsonObject)['metadata'] as JsonObject)['labels'] = { 'app.kubernetes.io/name': 'shop-orders' };
    expect(evaluate('recommended-labels', labelled)?.fix?.patch).toEqual([
      { op: 'add', path: '/spec/template/metadata/labels/app.kubernetes.io~1instance', value: 'orders' },
    ]);
  });

  it('automount-sa-token-disabled sets the field, but leaves an explicit true (that Pod wants the token) without a fix', () => {
    expect(evaluate('automount-sa-token-disabled', unsizedDeployment)?.fix?.patch).toEqual([
      { op: 'add', path: '/spec/template/spec/automountServiceAccountToken', value: false },
    ]);
    const wantsToken = structuredClone(unsizedDeployment);
    (((wantsToken['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject)['automountServiceAccountToken'] = true;
    const result = evaluate('automount-sa-token-disabled', wantsToken);
    expect(result?.status).toBe('fail');
    expect(result?.fix).toBeUndefined();
  });

  it('ca-bundle-injection mounts the configured bundle into an opted-in Pod', () => {
    const pod: JsonObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', annotations: { 'preadmit.dev/inject-ca-bundle': 'true' } },
      spec: { containers: [{ name: 'app', image: 'ghcr.io/acme/app:1.0.0' }] },
    };
    const caBundle = { configMap: 'corp-roots', key: 'roots.pem', mountPath: '/etc/pki/tls/certs/corp.pem' };
    const result = evaluate('ca-bundle-injection', pod, { 'preadmit.caBundle': caBundle });
    expect(result?.fix?.patch).toEqual(
      expect.arrayContaining([
        { op: 'add', path: '/spec/volumes', value: [{ name: 'ca-bundle', configMap: { name: 'corp-roots' } }] },
        { op: 'add', path: '/spec/containers/0/volumeMounts', value: [{ name: 'ca-bundle', mountPath: '/etc/pki/tls/certs/corp.pem', subPath: 'roots.pem', readOnly: true }] },
        { op: 'add', path: '/spec/containers/0/env', value: [{ name: 'SSL_CERT_FILE', value: '/etc/pki/tls/certs/corp.pem' }] },
      ]),
    );
    const partial = evaluate('ca-bundle-injection', pod, { 'preadmit.caBundle': { configMap: 'corp-roots' } });
    expect(partial?.fix?.patch).toContainEqual({ op: 'add', path: '/spec/containers/0/env', value: [{ name: 'SSL_CERT_FILE', value: '/etc/ssl/certs/ca-bundle.crt' }] });
    expect(partial?.fix?.patch).toContainEqual({ op: 'add', path: '/spec/volumes', value: [{ name: 'ca-bundle', configMap: { name: 'corp-roots' } }] });
    const notOptedIn = { ...pod, metadata: { name: 'p' } };
    expect(evaluate('ca-bundle-injection', notOptedIn)).toBeUndefined();
  });
});

/** The rows of the demo README's tables under a heading line: file, policy, fixable. */
function readmeRows(readme: string, heading: string): string[] {
  const section = readme.slice(readme.indexOf(heading));
  const table = section.slice(section.indexOf('\n|'), section.indexOf('\n\n', section.indexOf('\n|')));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim().replaceAll('`', ''));
      return `${cells[1]} ${cells[3]} ${cells[4] === 'yes' ? 'fixable' : 'manual'}`;
    })
    .sort();
}

describe('the demo repository', () => {
  it('shows exactly the findings its README lists, fixable ones included', async () => {
    const demo = join(root, 'examples', 'demo-repo');
    let out = '';
    const code = await run(['check', demo, '--format', 'json'], { stdout: (t) => (out += t + '\n'), stderr: () => undefined, cwd: demo });
    expect(code).toBe(1);
    const findings = (JSON.parse(out) as { findings: { file: string; policy: string; action: string; fixable: boolean }[] }).findings;
    const rows = (action: string): string[] =>
      findings
        .filter((f) => f.action === action)
        // paths are relative to the repository root: this checkout
        .map((f) => `${f.file.replace(/^examples\/demo-repo\//, '')} ${f.policy} ${f.fixable ? 'fixable' : 'manual'}`)
        .sort();
    const readme = readFileSync(join(demo, 'README.md'), 'utf8');
    expect(rows('Enforce')).toEqual(readmeRows(readme, 'Blocking findings'));
    expect(rows('Audit')).toEqual(readmeRows(readme, 'Warnings'));
    expect(findings.filter((f) => f.fixable).length).toBeGreaterThanOrEqual(2);
  });
});
