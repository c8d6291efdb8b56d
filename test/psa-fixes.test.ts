/**
 * Issue 9: the built-in Pod Security policies fix every control whose remediation keeps the
 * workload's containers, images and volumes. Each failing Pod of the Pod Security Admission
 * fixtures (v1.37, read from ../shared/corpus at test time) gets the composed fix of both
 * built-in policies; re-evaluated, it passes its level — except volume types, which have no
 * automatic fix by design. The same fixes work on a pod template (autogen).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { cloneJson, isObject, type JsonObject, type JsonValue } from '../src/core/json.ts';
import { evaluatePolicies } from '../src/engine/evaluate.ts';
import { composeFixes } from '../src/pipeline/compose-fixes.ts';
import { loadPolicies } from '../src/policy/load.ts';
import type { Policy } from '../src/policy/types.ts';

const root = resolve(import.meta.dirname, '..');
const psa = resolve(root, '..', 'shared', 'corpus', 'psa-kyverno-tests');
const present = existsSync(join(psa, 'baseline', 'v1.37'));
if (!present) console.log(`skipping the Pod Security fix tests: ${psa} is absent`);

function builtin(): Policy[] {
  const docs = ['baseline', 'restricted'].map((level, i) => ({
    object: parse(readFileSync(join(root, 'policies', 'security', `pod-security-${level}`, 'policy.yaml'), 'utf8')) as JsonObject,
    file: `${level}.yaml`,
    documentIndex: i,
  }));
  const loaded = loadPolicies(docs, 'security');
  expect(loaded.problems).toEqual([]);
  return loaded.policies;
}

function failingPods(level: string): JsonObject[] {
  return parseAllDocuments(readFileSync(join(psa, level, 'v1.37', 'resources.yaml'), 'utf8'))
    .map((d) => d.toJSON() as JsonValue)
    .filter(isObject)
    .filter((pod) => String((pod['metadata'] as JsonObject)['name']).startsWith('fail-'));
}

/** Containers by name and image, and the volumes: what a fix must never change. */
function workload(spec: JsonValue | undefined): string {
  const s = isObject(spec) ? spec : {};
  const list = (key: string): JsonValue[] => (Array.isArray(s[key]) ? s[key] : []);
  const containers = [...list('initContainers'), ...list('containers')].map((c) => (isObject(c) ? `${String(c['name'])}=${String(c['image'])}` : ''));
  return JSON.stringify({ containers, volumes: list('volumes') });
}

function fixed(policies: readonly Policy[], resource: JsonObject): { patched: JsonObject; passes: (level: string) => boolean } {
  const input = { resource, operation: 'CREATE' as const };
  const results = evaluatePolicies(policies, input);
  const { patched } = composeFixes(input, policies, results);
  const after = evaluatePolicies(policies, { resource: patched, operation: 'CREATE', deriveFixes: false });
  return { patched, passes: (level) => after.filter((r) => r.policy.name === `pod-security-${level}`).every((r) => r.status === 'pass' || r.status === 'skip') };
}

describe.skipIf(!present)('Pod Security fixes on the PSA v1.37 fixtures', () => {
  const policies = present ? builtin() : [];

  it.each(['baseline', 'restricted'])('every failing %s Pod but the volume types passes after the fix, its containers, images and volumes unchanged', (level) => {
    const pods = failingPods(level);
    expect(pods.length).toBeGreaterThan(30);
    const notPassing: string[] = [];
    for (const pod of pods) {
      const name = String((pod['metadata'] as JsonObject)['name']);
      const { patched, passes } = fixed(policies, pod);
      expect(workload(patched['spec']), name).toBe(workload(pod['spec']));
      if (!passes(level)) notPassing.push(name);
    }
    // volume types (and hostPath volumes) need a person; every other control is fixed
    expect(notPassing.filter((n) => !/volumes/.test(n))).toEqual([]);
    expect(notPassing.length).toBeGreaterThan(0);
  });

  it('fixes a pod template the same way (Deployment), changing only failing fields', () => {
    const [pod] = failingPods('baseline').filter((p) => (p['metadata'] as JsonObject)['name'] === 'fail-privileged0');
    expect(pod).toBeDefined();
    const template = cloneJson(pod as JsonObject);
    const deployment: JsonObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: template['spec'] ?? {} } },
    };
    const { patched, passes } = fixed(policies.filter((p) => p.meta.name === 'pod-security-baseline'), deployment);
    expect(passes('baseline')).toBe(true);
    const spec = ((patched['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;
    const container = (spec['containers'] as JsonObject[])[0] as JsonObject;
    expect((container['securityContext'] as JsonObject)['privileged']).toBe(false);
    // a field that was fine is not rewritten: the init container is as it was
    expect((spec['initContainers'] as JsonValue[])[0]).toEqual(((template['spec'] as JsonObject)['initContainers'] as JsonValue[])[0]);
  });
});
