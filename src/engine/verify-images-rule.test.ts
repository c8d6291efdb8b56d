import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from '../core/json.ts';
import { loadPolicies } from '../policy/load.ts';
import { evaluatePolicy } from './evaluate.ts';

/** A ClusterPolicy with one verifyImages rule whose single entry is `entry` (YAML, indented for the list item). */
const policyWith = (entry: string): JsonObject =>
  parse(`
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: pinned-images }
spec:
  rules:
  - name: check-images
    match:
      any:
      - resources: { kinds: [Pod] }
    verifyImages:
    - ${entry.trim().split('\n').join('\n      ')}
`) as JsonObject;

const pod = (...images: string[]): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'shop', namespace: 'web' },
  spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
});

function run(entry: string, resource: JsonObject) {
  const loaded = loadPolicies([{ object: policyWith(entry), file: 'p.yaml', documentIndex: 0 }], 'security');
  expect(loaded.problems).toEqual([]);
  const results = evaluatePolicy(loaded.policies[0]!, { resource, operation: 'CREATE' });
  expect(results).toHaveLength(1);
  return results[0]!;
}

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const DIGEST_ONLY = `
imageReferences: ["*"]
mutateDigest: false
verifyDigest: true
required: false`;

describe('verifyImages rules offline', () => {
  it('fails an image without a digest when verifyDigest holds and nothing adds one, pointing at the image', () => {
    const result = run(DIGEST_ONLY, pod(`registry.example.com/app@${DIGEST}`, 'redis:7'));
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/^missing digest for docker\.io\/redis:7/);
    expect(result.paths).toEqual(['/spec/containers/1/image']);
  });

  it('passes when every matching image carries a digest', () => {
    const result = run(DIGEST_ONLY, pod(`redis:7@${DIGEST}`));
    expect(result.status).toBe('pass');
  });

  it('only looks at the images the imageReferences select', () => {
    const entry = DIGEST_ONLY.replace('["*"]', '["registry.example.com/*"]');
    expect(run(entry, pod('redis:7', `registry.example.com/app@${DIGEST}`)).status).toBe('pass');
    expect(run(entry, pod('redis:7')).status).toBe('skip');
  });

  it('fails a required image when the rule has nothing to verify it with (required is true by default)', () => {
    const result = run('imageReferences: ["*"]\nmutateDigest: false\nverifyDigest: false', pod('redis:7'));
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/^unverified image docker\.io\/redis:7/);
  });

  it('is an error naming the registry when signatures must be checked or the digest resolved', () => {
    const signed = run(
      `imageReferences: ["*"]\nmutateDigest: false\nverifyDigest: false\nattestors:\n- entries:\n  - keys:\n      publicKeys: "-----BEGIN PUBLIC KEY-----"`,
      pod('redis:7'),
    );
    expect(signed.status).toBe('error');
    expect(signed.message).toContain('needs registry access');
    expect(signed.message).toContain('signatures');
    // mutateDigest is true by default: the digest comes from the registry
    const mutated = run('imageReferences: ["*"]\nrequired: false', pod('redis:7'));
    expect(mutated.status).toBe('error');
    expect(mutated.message).toContain('resolve the digest of docker.io/redis:7');
  });

  it('takes the entry failureAction as the rule action', () => {
    expect(run(`${DIGEST_ONLY}\nfailureAction: Enforce`, pod('redis:7')).action).toBe('Enforce');
    expect(run(DIGEST_ONLY, pod('redis:7')).action).toBe('Audit');
  });
});
