import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from '../../core/json.ts';
import { readCelExceptions } from '../../policy/cel/exceptions.ts';
import { loadPolicies } from '../../policy/load.ts';
import { evaluatePolicy } from '../evaluate.ts';
import type { AdmissionInput } from '../types.ts';

/** An ImageValidatingPolicy on Pods and Deployments, with `extra` spec lines (YAML, two-space indented). */
const policy = (extra: string): JsonObject =>
  parse(`
apiVersion: policies.kyverno.io/v1beta1
kind: ImageValidatingPolicy
metadata: { name: trusted-images }
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: [v1]
      operations: [CREATE, UPDATE]
      resources: [pods]
    - apiGroups: [apps]
      apiVersions: [v1]
      operations: [CREATE, UPDATE]
      resources: [deployments]
${extra}
`) as JsonObject;

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const containers = (images: string[]) => images.map((image, i) => ({ name: `c${i}`, image }));
const pod = (images: string[], labels: Record<string, string> = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'shop', namespace: 'web', labels },
  spec: { containers: containers(images) },
});
const deployment = (images: string[]): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'shop', namespace: 'web' },
  spec: { template: { spec: { containers: containers(images) } } },
});

function run(extra: string, resource: JsonObject, more: Partial<AdmissionInput> = {}) {
  const loaded = loadPolicies([{ object: policy(extra), file: 'p.yaml', documentIndex: 0 }], 'security');
  expect(loaded.problems).toEqual([]);
  return evaluatePolicy(loaded.policies[0]!, { resource, operation: 'CREATE', ...more });
}

const REGISTRY_ONLY = `
  validationConfigurations:
    verifyDigest: false
    required: false
  validations:
  - expression: images.containers.all(i, image(i).registry() == 'registry.example.com')
    message: images must come from registry.example.com`;

describe('ImageValidatingPolicy offline', () => {
  it('judges validations that only parse image references, on Pods and on Deployment templates', () => {
    expect(run(REGISTRY_ONLY, pod(['registry.example.com/shop/web:1.0'])).map((r) => [r.status, r.rule])).toEqual([['pass', 'trusted-images']]);
    const failed = run(REGISTRY_ONLY, deployment(['registry.example.com/shop/web:1.0', 'redis:7']));
    expect(failed.map((r) => [r.status, r.message])).toEqual([['fail', 'images must come from registry.example.com']]);
    expect(failed[0]!.paths).toEqual(['/spec/template/spec/containers/0/image', '/spec/template/spec/containers/1/image']);
  });

  it('gives the images matchImageReferences selects (glob or expression) and nothing else', () => {
    const globbed = `${REGISTRY_ONLY}\n  matchImageReferences:\n  - glob: "registry.example.com/*"`;
    expect(run(globbed, pod(['redis:7', 'registry.example.com/a:1'])).map((r) => r.status)).toEqual(['pass']);
    const byExpression = `${REGISTRY_ONLY}\n  matchImageReferences:\n  - expression: image(ref).registry() == 'docker.io'`;
    expect(run(byExpression, pod(['redis:7'])).map((r) => r.status)).toEqual(['fail']);
  });

  it('fails an undigested matched image under verifyDigest (true by default)', () => {
    const results = run('  validations:\n  - expression: "true"', pod(['redis:7']));
    expect(results.map((r) => r.status)).toEqual(['fail']);
    expect(results[0]!.message).toMatch(/^image redis:7 does not have a digest/);
    expect(results[0]!.paths).toEqual(['/spec/containers/0/image']);
  });

  it('fails a matched image nothing verified when required (true by default)', () => {
    const results = run('  validations:\n  - expression: "true"', pod([`redis:7@${DIGEST}`]));
    expect(results.map((r) => r.status)).toEqual(['fail']);
    expect(results[0]!.message).toMatch(/^image redis:7@sha256:\S+ is not verified/);
  });

  it('is an error, saying registry access is needed, when a validation checks signatures', () => {
    const signatures = `
  validationConfigurations: { verifyDigest: false }
  attestors:
  - name: team
    cosign:
      key: { data: "-----BEGIN PUBLIC KEY-----" }
  validations:
  - expression: images.containers.map(i, verifyImageSignatures(i, [attestors.team])).all(n, n > 0)
    message: unsigned image`;
    const results = run(signatures, pod(['ghcr.io/org/app:1.0']));
    expect(results.map((r) => r.status)).toEqual(['error']);
    expect(results[0]!.message).toContain('verifyImageSignatures');
    expect(results[0]!.message).toContain('needs registry access');
    // no matched image: the function is never called, nothing needs the registry
    expect(run(`${signatures}\n  matchImageReferences:\n  - glob: "quay.io/*"`, pod(['ghcr.io/org/app:1.0'])).map((r) => r.status)).toEqual(['pass']);
  });

  it('gives no result where match constraints or match conditions do not hold, and skips on a PolicyException', () => {
    const conditioned = `${REGISTRY_ONLY}\n  matchConditions:\n  - name: prod\n    expression: "has(object.metadata.labels.tier) && object.metadata.labels.tier == 'prod'"`;
    expect(run(conditioned, pod(['redis:7']))).toEqual([]);
    expect(run(conditioned, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'web' } })).toEqual([]);
    expect(run(conditioned, pod(['redis:7'], { tier: 'prod' })).map((r) => r.status)).toEqual(['fail']);
    const exceptions = readCelExceptions([
      parse(`
apiVersion: policies.kyverno.io/v1beta1
kind: PolicyException
metadata: { name: legacy-shop, namespace: web }
spec:
  policyRefs: [{ name: trusted-images, kind: ImageValidatingPolicy }]
  matchConditions:
  - name: shop
    expression: object.metadata.name == 'shop'
`) as JsonObject,
    ]);
    const skipped = run(conditioned, pod(['redis:7'], { tier: 'prod' }), { cel: { exceptions } as NonNullable<AdmissionInput['cel']> });
    expect(skipped.map((r) => [r.status, r.message])).toEqual([['skip', 'rule is skipped due to policy exception: web/legacy-shop']]);
  });

  it('judges JSON payloads in evaluation mode JSON, with the images spec.images lists', () => {
    const json = `
  evaluation: { mode: JSON }
  images:
  - name: base
    expression: "[object.build.from]"
  validationConfigurations: { verifyDigest: false, required: false }
  validations:
  - expression: images.base.all(i, image(i).tag() != 'latest')
    message: the base image must not be latest`;
    const payload = (from: string): JsonObject => ({ build: { from } });
    expect(run(json, payload('node:latest'), { jsonPayload: true }).map((r) => r.status)).toEqual(['fail']);
    expect(run(json, payload('node:22'), { jsonPayload: true }).map((r) => r.status)).toEqual(['pass']);
    // a Kubernetes resource is not a payload
    expect(run(json, pod(['node:latest']))).toEqual([]);
  });

  it('judges pod controllers through the autogen of a policy on Pods, under the policy name', () => {
    const podsOnly = (extra: string): JsonObject => {
      const doc = policy(`${REGISTRY_ONLY}\n${extra}`);
      const spec = doc['spec'] as JsonObject;
      spec['matchConstraints'] = { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] };
      return doc;
    };
    const evaluate = (doc: JsonObject, resource: JsonObject) => {
      const loaded = loadPolicies([{ object: doc, file: 'p.yaml', documentIndex: 0 }], 'security');
      expect(loaded.problems).toEqual([]);
      return evaluatePolicy(loaded.policies[0]!, { resource, operation: 'CREATE' });
    };
    const results = evaluate(podsOnly(''), deployment(['redis:7']));
    expect(results.map((r) => [r.rule, r.status])).toEqual([['trusted-images', 'fail']]);
    expect(evaluate(podsOnly('  autogen: { podControllers: { controllers: [] } }'), deployment(['redis:7']))).toEqual([]);
  });
});
