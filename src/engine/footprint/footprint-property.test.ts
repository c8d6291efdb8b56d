/**
 * Footprints are sound: a change no footprint read touches leaves what it covers as it
 * was. Random patches (seeded) on the built-in policies' test resources and the fix
 * fixtures, many aimed next to what the footprints read.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import { evaluatePolicy, PRECONDITIONS_NOT_MET } from '../evaluate.ts';
import { changedPath } from './changed-paths.ts';
import { touches, type Footprint } from './footprint.ts';
import { policyFootprint, policyResultFootprint, ruleFootprints } from './policy-footprint.ts';
import { holdsBraces } from './shared-values.ts';
import { mayMatchKind } from '../kind-prefilter.ts';
import { applyJsonPatch } from '../mutate/index.ts';
import type { JsonPatchOperation } from '../types.ts';
import { loadPolicyDirs } from '../../pipeline/load-policy-dirs.ts';
import type { Policy } from '../../policy/types.ts';
import { builtinFixResources } from '../../../test/builtin-fix-resources.ts';
import { seededRandom } from '../../../test/seeded-random.ts';

const root = join(import.meta.dirname, '..', '..', '..');

const resources = builtinFixResources;

const { next: random, pick } = seededRandom(20240601);
const KEYS = ['x', 'name', 'image', 'securityContext', 'privileged', 'runAsNonRoot', 'labels', 'annotations', 'resources', 'limits', 'memory', 'env', 'hostNetwork', 'capabilities', 'drop', 'ports', 'hostPort', 'livenessProbe', 'automountServiceAccountToken', 'imagePullPolicy', 'restartPolicy', 'app.kubernetes.io/name', 'prometheus.io/scrape', 'volumes', 'seccompProfile', 'type'];
const VALUES: JsonValue[] = ['x', 'latest', 'Always', 'Never', 'true', 0, 1, true, false, null, {}, [], { privileged: true }, ['ALL'], [{ name: 'c' }], 'nginx:latest', 'RuntimeDefault', '100m', ''];
const pointer = (path: readonly string[]): string => path.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** A random place of the resource, or one next to a place the footprint reads. */
function randomOperation(resource: JsonObject, footprint: Footprint): JsonPatchOperation {
  const places: [string[], JsonValue][] = [];
  const visit = (v: JsonValue, path: string[]): void => {
    places.push([path, v]);
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, String(i)]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, [...path, k]);
  };
  visit(resource, []);
  let [path, value] = pick(places);
  const reads = [...footprint.nav, ...footprint.whole];
  if (random() < 0.6 && reads.length > 0) {
    path = [];
    let node: JsonValue | undefined = resource;
    for (const segment of pick(reads)) {
      const key: string = segment ?? (Array.isArray(node) ? String(Math.floor(random() * Math.max(node.length, 1))) : pick(node !== null && typeof node === 'object' && Object.keys(node).length > 0 ? Object.keys(node) : KEYS));
      path.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, JsonValue>)[key] : undefined;
    }
    value = node ?? null;
  }
  const r = random();
  if (value !== null && typeof value === 'object' && r < 0.45) return { op: 'add', path: pointer([...path, Array.isArray(value) ? String(Math.floor(random() * (value.length + 1))) : pick(KEYS)]), value: pick(VALUES) };
  if (path.length > 0 && r < 0.6) return { op: 'remove', path: pointer(path) };
  if (path.length > 0 && r < 0.8) return { op: 'add', path: pointer([...path.slice(0, -1), pick(KEYS)]), value: pick(VALUES) };
  if (path.length > 0) return { op: 'replace', path: pointer(path), value: pick(VALUES) };
  return { op: 'add', path: pointer([pick(KEYS)]), value: pick(VALUES) };
}

const kindOf = (r: JsonObject): string => (typeof r['kind'] === 'string' ? r['kind'] : '');

/** Run `rounds` random patches the footprint says cannot matter; returns how many were checked and what differed. */
function property(
  policies: readonly Policy[],
  pool: readonly JsonObject[],
  footprintOf: (policy: Policy, resource: JsonObject) => Footprint | undefined,
  observe: (policy: Policy, resource: JsonObject) => string,
  untouched: (policy: Policy, resource: JsonObject, footprint: Footprint, changed: readonly string[]) => boolean,
  rounds: number,
): { checked: number; differences: string[] } {
  let checked = 0;
  const differences: string[] = [];
  for (const policy of policies) {
    const mine = pool.filter((r) => evaluatePolicy(policy, { resource: r, operation: 'CREATE' }).length > 0);
    for (let i = 0; i < rounds && mine.length > 0; i++) {
      const resource = pick(mine);
      const footprint = footprintOf(policy, resource);
      if (footprint === undefined) continue;
      const op = randomOperation(resource, footprint);
      const changed = changedPath(op, resource);
      if (changed === undefined || !untouched(policy, resource, footprint, changed)) continue;
      const next = applyJsonPatch(resource, [op as unknown as JsonObject]);
      if (!next.ok || next.value === null || typeof next.value !== 'object' || Array.isArray(next.value)) continue;
      checked++;
      const before = observe(policy, resource);
      const after = observe(policy, next.value);
      if (before !== after) differences.push(`${policy.meta.name} ${JSON.stringify(op)}: ${before} -> ${after}`);
    }
  }
  return { checked, differences };
}

describe('footprints of the built-in policies', async () => {
  const { policies } = await loadPolicyDirs([join(root, 'policies')]);
  const pool = resources();
  const statuses = (p: Policy, r: JsonObject): string => JSON.stringify(evaluatePolicy(p, { resource: r, operation: 'CREATE', deriveFixes: false }).map((x) => [x.rule, x.status]));

  it('statuses do not change under a patch the status footprint does not read', () => {
    const out = property(policies, pool, (p, r) => policyFootprint(p, kindOf(r)), statuses, (_p, _r, f, changed) => !touches(f, changed), 400);
    expect(out.differences).toEqual([]);
    expect(out.checked).toBeGreaterThan(1000);
  });

  it('whole results, fixes included, do not change under a patch the result footprint does not read', () => {
    const results = (p: Policy, r: JsonObject): string => JSON.stringify(evaluatePolicy(p, { resource: r, operation: 'CREATE', deriveFixes: true }));
    const footprintOf = (p: Policy, r: JsonObject): Footprint | undefined => {
      const f = policyResultFootprint(p, kindOf(r));
      return f.top || (f.guarded === true && holdsBraces(r)) ? undefined : f;
    };
    const out = property(policies, pool, footprintOf, results, (_p, _r, f, changed) => !touches(f, changed), 400);
    expect(out.differences).toEqual([]);
    expect(out.checked).toBeGreaterThan(500);
  });

  it('a rule that did not apply or was skipped by its preconditions stays so while its gate is untouched', () => {
    const gateHolds = (p: Policy, r: JsonObject, _f: Footprint, changed: readonly string[]): boolean => {
      const kind = kindOf(r);
      const results = evaluatePolicy(p, { resource: r, operation: 'CREATE', deriveFixes: false });
      return p.rules
        .filter((rule) => mayMatchKind(rule.raw, kind))
        .every((rule) => {
          const result = results.find((x) => x.rule === rule.name);
          const gated = result === undefined || (result.status === 'skip' && result.message === PRECONDITIONS_NOT_MET);
          return !touches(gated ? ruleFootprints(rule, kind).gate : ruleFootprints(rule, kind).status, changed);
        });
    };
    const out = property(policies, pool, (p, r) => policyFootprint(p, kindOf(r)), statuses, gateHolds, 400);
    expect(out.differences).toEqual([]);
    expect(out.checked).toBeGreaterThan(1000);
  });
});
