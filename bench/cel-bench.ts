/**
 * CEL evaluation per resource beside the pattern engine's: the same three checks written once
 * as classic Kyverno rules (pattern / deny) and once as ValidatingPolicy CEL programs (with
 * autogen for the pod controllers), evaluated on the same generated resources. Both sides go
 * through evaluatePolicies, so match, autogen and result building are counted on both.
 */
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { evaluatePolicies } from '../src/engine/evaluate.ts';
import { loadPolicies } from '../src/policy/load.ts';
import type { JsonObject } from '../src/core/json.ts';
import type { Policy } from '../src/policy/types.ts';

const CLASSIC = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: bench-classic }
spec:
  validationFailureAction: Audit
  rules:
    - name: non-root
      match: { any: [ { resources: { kinds: [Pod] } } ] }
      validate:
        message: containers must run as non-root
        pattern:
          spec:
            containers:
              - securityContext:
                  runAsNonRoot: true
    - name: limits
      match: { any: [ { resources: { kinds: [Pod] } } ] }
      validate:
        message: containers need a memory limit
        pattern:
          spec:
            containers:
              - resources:
                  limits:
                    memory: "?*"
    - name: pinned
      match: { any: [ { resources: { kinds: [Pod] } } ] }
      validate:
        message: images must not use latest
        foreach:
          - list: request.object.spec.containers
            deny:
              conditions:
                any:
                  - key: "{{ element.image }}"
                    operator: Equals
                    value: "*:latest"
`;

const CEL = `
apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata: { name: bench-cel }
spec:
  validationActions: [Audit]
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [pods]
  validations:
    - expression: "object.spec.containers.all(c, c.?securityContext.?runAsNonRoot.orValue(false) == true)"
      message: containers must run as non-root
    - expression: "object.spec.containers.all(c, has(c.resources) && has(c.resources.limits) && 'memory' in c.resources.limits)"
      message: containers need a memory limit
    - expression: "object.spec.containers.all(c, !c.image.endsWith(':latest'))"
      message: images must not use latest
`;

function load(text: string): Policy[] {
  const loaded = loadPolicies([{ object: parse(text) as JsonObject, file: 'bench', documentIndex: 0 }], 'security');
  if (loaded.problems.length > 0) throw new Error(`bench policy: ${loaded.problems[0]?.message}`);
  return loaded.policies;
}

function timePerResource(policies: readonly Policy[], resources: readonly JsonObject[]): { usPerResource: number; results: number } {
  // one warm-up pass (compilation caches, JIT), then the measured pass
  for (const resource of resources.slice(0, 200)) evaluatePolicies(policies, { resource, operation: 'CREATE', deriveFixes: false });
  let results = 0;
  const start = performance.now();
  for (const resource of resources) results += evaluatePolicies(policies, { resource, operation: 'CREATE', deriveFixes: false }).length;
  return { usPerResource: ((performance.now() - start) * 1000) / Math.max(1, resources.length), results };
}

export interface CelBench {
  resources: number;
  pattern: { usPerResource: number; results: number };
  cel: { usPerResource: number; results: number };
}

export function runCelBench(resources: readonly JsonObject[]): CelBench {
  const pattern = timePerResource(load(CLASSIC), resources);
  const cel = timePerResource(load(CEL), resources);
  if (pattern.results === 0 || cel.results === 0) throw new Error('CEL bench: a side produced no results — nothing was compared');
  return { resources: resources.length, pattern, cel };
}

export function celBenchLine(b: CelBench): string {
  return (
    `CEL vs pattern engine, same three checks on ${b.resources} resources: ` +
    `pattern ${b.pattern.usPerResource.toFixed(1)} µs/resource (${b.pattern.results} results), ` +
    `CEL ${b.cel.usPerResource.toFixed(1)} µs/resource (${b.cel.results} results)`
  );
}

export function celBenchJson(b: CelBench): { patternUsPerResource: number; celUsPerResource: number } {
  return { patternUsPerResource: Math.round(b.pattern.usPerResource * 10) / 10, celUsPerResource: Math.round(b.cel.usPerResource * 10) / 10 };
}
