import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tidy, withDefaultNamespace } from '../src/kyverno-test/patched.ts';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { deepEqual, isArray, isObject, type JsonObject, type JsonValue } from '../src/core/json.ts';
import { evaluateConditions } from '../src/engine/conditions.ts';
import { loadContext } from '../src/engine/context-entries.ts';
import { matchRule } from '../src/engine/match.ts';
import { applyMutate } from '../src/engine/mutate/index.ts';
import { buildScope } from '../src/engine/scope.ts';
import { loadPolicies } from '../src/policy/load.ts';
import type { Policy } from '../src/policy/types.ts';

/**
 * The mutate policies of Kyverno's policy library, replayed on applyMutate:
 * - `kyverno test` suites: every expected result with a patched resource; the policy's
 *   rules (with their auto-generated controller rules) are matched, their context and
 *   preconditions evaluated, and the final resource and the rule's status compared with
 *   the suite's, the way `kyverno test` compares (empty values dropped, list order kept);
 * - chainsaw suites: every resource the test applies is mutated by the policy, and each
 *   `assert` document must be contained in the result (each `error` document must not).
 * Cases needing what a cluster provides (ConfigMaps, registries, existing resources) are
 * listed as not evaluated.
 */
const CORPUS = '/work/shared/corpus/kyverno-policies';
const FOLDERS = ['best-practices', 'other', 'pod-security', 'psp-migration', 'psa'];

interface Verdict { kind: 'agree' | 'differ' | 'not-evaluated'; detail: string }
interface Run { resource: JsonObject; statuses: Map<string, string> }
interface RunOptions { values?: (rule: string) => Record<string, JsonValue>; namespaceLabels?: Record<string, Record<string, string>> }

function findSuites(dir: string, folder: string, file: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (!statSync(full).isDirectory()) continue;
    if (entry === folder && existsSync(join(full, file))) out.push(join(full, file));
    else findSuites(full, folder, file, out);
  }
  return out;
}

function readDocs(file: string): JsonObject[] {
  if (!existsSync(file)) return [];
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as JsonValue).filter(isObject);
}

const strings = (v: JsonValue | undefined): string[] =>
  typeof v === 'string' ? [v] : isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const meta = (doc: JsonObject): JsonObject => (isObject(doc['metadata']) ? doc['metadata'] : {});
const nameOf = (doc: JsonObject): string => String(meta(doc)['name'] ?? '');
const namespaceOf = (doc: JsonObject): string | undefined => (typeof meta(doc)['namespace'] === 'string' ? String(meta(doc)['namespace']) : undefined);
const isPolicy = (doc: JsonObject): boolean => doc['kind'] === 'ClusterPolicy' || doc['kind'] === 'Policy';

/** Chainsaw's assertion: every field of `expected` is in `actual` with the same value; lists element by element. */
function contains(actual: JsonValue | undefined, expected: JsonValue): boolean {
  if (isObject(expected)) return isObject(actual) && Object.entries(expected).every(([k, v]) => contains(actual[k], v ?? null));
  if (isArray(expected)) return isArray(actual) && actual.length === expected.length && expected.every((v, i) => contains(actual[i], v));
  return deepEqual(actual, expected) || (expected !== null && actual !== undefined && String(actual) === String(expected));
}

/** Where `contains` first fails, as a JSON pointer with the expected value. */
function mismatch(actual: JsonValue | undefined, expected: JsonValue, at = ''): string {
  if (isObject(expected) && isObject(actual)) {
    for (const [k, v] of Object.entries(expected)) if (!contains(actual[k], v)) return mismatch(actual[k], v, `${at}/${k}`);
  }
  if (isArray(expected) && isArray(actual) && actual.length === expected.length) {
    for (const [i, v] of expected.entries()) if (!contains(actual[i], v)) return mismatch(actual[i], v, `${at}/${i}`);
  }
  return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function podSpecsOf(resource: JsonObject): JsonValue[] {
  const spec = isObject(resource['spec']) ? resource['spec'] : {};
  const template = isObject(spec['template']) ? spec['template'] : {};
  const job = isObject(spec['jobTemplate']) && isObject(spec['jobTemplate']['spec']) ? spec['jobTemplate']['spec'] : {};
  const jobTemplate = isObject(job['template']) ? job['template'] : {};
  return [spec, template['spec'] ?? null, jobTemplate['spec'] ?? null];
}

/** What the API server defaults before admission and chainsaw asserts on: dnsPolicy, container port protocols. */
function withServerDefaults(resource: JsonObject): JsonObject {
  const copy = structuredClone(resource);
  for (const spec of podSpecsOf(copy).filter(isObject)) {
    if (isArray(spec['containers'])) spec['dnsPolicy'] ??= 'ClusterFirst';
    for (const list of ['containers', 'initContainers']) {
      for (const c of (isArray(spec[list]) ? spec[list] : []).filter(isObject)) {
        for (const port of (isArray(c['ports']) ? c['ports'] : []).filter(isObject)) port['protocol'] ??= 'TCP';
      }
    }
  }
  return copy;
}

function loadPolicy(doc: JsonObject): Policy | undefined {
  return loadPolicies([{ object: doc, file: 'corpus', documentIndex: 0 }], 'operations').policies[0];
}

/** Apply the mutate rules of a policy in order, as the Kyverno CLI does on CREATE. */
function runPolicy(policy: Policy, resource: JsonObject, options: RunOptions): Run | string {
  let current = resource;
  const statuses = new Map<string, string>();
  for (const rule of policy.rules) {
    if (!isObject(rule.raw['mutate'])) continue;
    const selected = matchRule(rule.raw, {
      resource: current, operation: 'CREATE', policyKind: policy.meta.kind, unknownUser: 'kyverno-cli',
      ...(options.namespaceLabels ? { namespaceLabels: options.namespaceLabels } : {}),
    });
    if (selected.applies === 'unknown') return `rule ${rule.name}: ${selected.reason}`;
    if (!selected.applies) continue;
    const scope = buildScope({ resource: current, operation: 'CREATE' }, { values: options.values?.(rule.name) ?? {} });
    const loaded = loadContext(rule.raw['context'], scope);
    if (!loaded.ok) return `rule ${rule.name}: ${loaded.error}`;
    if (rule.raw['preconditions'] !== undefined) {
      const verdict = evaluateConditions(rule.raw['preconditions'], loaded.value);
      if (!verdict.ok || !verdict.value.holds) {
        statuses.set(rule.name, verdict.ok ? 'skip' : `error (preconditions: ${verdict.error})`);
        continue;
      }
    }
    const out = applyMutate(current, rule.raw['mutate'], loaded.value);
    if (out.status === 'error' && /offline/.test(out.message)) return `rule ${rule.name}: ${out.message}`;
    statuses.set(rule.name, out.status === 'error' ? `error (${out.message})` : out.status);
    if (out.status === 'pass') current = out.patched;
  }
  return { resource: current, statuses };
}

function safely(run: () => Verdict): Verdict {
  try {
    return run();
  } catch (e) {
    return { kind: 'differ', detail: `threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

interface Case { id: string; run: () => Verdict }

function kyvernoTestCases(file: string): Case[] {
  const dir = dirname(file);
  const test = readDocs(file)[0] ?? {};
  const valuesDoc = typeof test['variables'] === 'string' ? readDocs(resolve(dir, test['variables']))[0] : undefined;
  const labels: Record<string, Record<string, string>> = {};
  for (const e of isArray(valuesDoc?.['namespaceSelector']) ? valuesDoc['namespaceSelector'].filter(isObject) : []) {
    if (typeof e['name'] === 'string' && isObject(e['labels'])) labels[e['name']] = Object.fromEntries(Object.entries(e['labels']).map(([k, v]) => [k, String(v)]));
  }
  const valuesFor = (policy: string, resource: string, rule: string): Record<string, JsonValue> => {
    const out: Record<string, JsonValue> = isObject(valuesDoc?.['globalValues']) ? { ...valuesDoc['globalValues'] } : {};
    for (const p of (isArray(valuesDoc?.['policies']) ? valuesDoc['policies'] : []).filter(isObject).filter((p) => p['name'] === policy)) {
      for (const r of (isArray(p['resources']) ? p['resources'] : []).filter(isObject)) if (r['name'] === resource && isObject(r['values'])) Object.assign(out, r['values']);
      for (const r of (isArray(p['rules']) ? p['rules'] : []).filter(isObject)) if (r['name'] === rule && isObject(r['values'])) Object.assign(out, r['values']);
    }
    return out;
  };
  const policies = strings(test['policies']).flatMap((p) => readDocs(resolve(dir, p)));
  const resources = strings(test['resources']).flatMap((r) => readDocs(resolve(dir, r)));
  const cases: Case[] = [];
  for (const result of (isArray(test['results']) ? test['results'] : []).filter(isObject)) {
    const patchedFile = result['patchedResources'] ?? result['patchedResource'];
    if (typeof patchedFile !== 'string') continue;
    for (const resourceName of strings(result['resources'] ?? result['resource'])) {
      const [namespace, name] = resourceName.includes('/') ? resourceName.split('/', 2) : [undefined, resourceName];
      const wanted = (d: JsonObject): boolean => d['kind'] === result['kind'] && nameOf(d) === name && (namespace === undefined || (namespaceOf(d) ?? 'default') === namespace);
      const id = `${dir.slice(CORPUS.length + 1)} ${String(result['policy'])}/${String(result['rule'])} ${resourceName}`;
      cases.push({ id, run: () => {
        const doc = policies.find((d) => nameOf(d) === result['policy']);
        const policy = doc && loadPolicy(doc);
        const found = resources.find(wanted);
        const expected = readDocs(resolve(dir, patchedFile)).find(wanted);
        if (!policy || !found) return { kind: 'not-evaluated', detail: 'policy or resource not found' };
        const run = runPolicy(policy, withDefaultNamespace(found), { namespaceLabels: labels, values: (rule) => valuesFor(nameOf(doc), String(name), rule) });
        if (typeof run === 'string') return { kind: 'not-evaluated', detail: run };
        const same = expected !== undefined && deepEqual(tidy(run.resource), tidy(withDefaultNamespace(expected)));
        // A `fail` result asserts that the policy does NOT produce the given patched resource.
        if (result['result'] === 'fail') return same ? { kind: 'differ', detail: 'expected the patched resource to differ' } : { kind: 'agree', detail: '' };
        const status = run.statuses.get(String(result['rule'])) ?? 'not applied';
        const problems = [
          ...(status === result['result'] ? [] : [`status ${status}, expected ${String(result['result'])}`]),
          ...(same ? [] : [`patched resource differs: got ${JSON.stringify(run.resource['spec'] ?? run.resource)}`]),
        ];
        return { kind: problems.length === 0 ? 'agree' : 'differ', detail: problems.join('; ') };
      } });
    }
  }
  return cases;
}

function chainsawCases(file: string): Case[] {
  const dir = dirname(file);
  const steps = (readDocs(file)[0]?.['spec'] as JsonObject | undefined)?.['steps'];
  const ops = (isArray(steps) ? steps : []).filter(isObject).flatMap((s) => (isArray(s['try']) ? s['try'] : [])).filter(isObject);
  const docsOf = (op: string): JsonObject[] =>
    ops.flatMap((o) => (isObject(o[op]) && typeof o[op]['file'] === 'string' ? readDocs(resolve(dir, o[op]['file'])) : []));
  // Files a step's script creates with `kubectl create/apply -f`.
  const scripted = ops.flatMap((o) => {
    const content = isObject(o['script']) ? String(o['script']['content'] ?? '') : '';
    return [...content.matchAll(/kubectl (?:create|apply) -f (\S+\.yaml)/g)].flatMap((m) => readDocs(resolve(dir, m[1] ?? '')));
  });
  const applied = [...docsOf('apply'), ...docsOf('create'), ...scripted];
  const policies = applied.filter(isPolicy).map(loadPolicy).filter((p): p is Policy => p !== undefined);
  const resources = applied.filter((d) => !isPolicy(d));
  const checks = [...docsOf('assert').map((d) => ({ d, present: true })), ...docsOf('error').map((d) => ({ d, present: false }))].filter((c) => !isPolicy(c.d));
  return checks.map(({ d, present }) => ({
    id: `${dir.slice(CORPUS.length + 1)} ${present ? 'assert' : 'error'} ${String(d['kind'])}/${nameOf(d)}`,
    run: () => {
      const source = resources.find((r) => r['kind'] === d['kind'] && nameOf(r) === nameOf(d));
      if (policies.length !== 1 || source === undefined) return { kind: 'not-evaluated', detail: 'not one policy, or not a resource the test applies' };
      if (policies.some((p) => p.rules.some((r) => isObject(r.raw['mutate']) && r.raw['mutate']['targets'] !== undefined))) {
        return { kind: 'not-evaluated', detail: 'the policy mutates existing resources (mutate.targets)' };
      }
      if (JSON.stringify(d).includes('"(')) return { kind: 'not-evaluated', detail: 'the assertion uses expressions' };
      const policy = policies[0] as Policy;
      // ConfigMap context entries read the ConfigMaps the test applies to the cluster.
      const values = (ruleName: string): Record<string, JsonValue> => {
        const context = policy.rules.find((r) => r.name === ruleName)?.raw['context'];
        const entries = (isArray(context) ? context : []).filter(isObject).filter((e) => isObject(e['configMap']));
        return Object.fromEntries(entries.flatMap((e) => {
          const cm = resources.find((r) => r['kind'] === 'ConfigMap' && nameOf(r) === (e['configMap'] as JsonObject)['name']);
          return cm && typeof e['name'] === 'string' ? [[e['name'], cm]] : [];
        }));
      };
      const run = runPolicy(policy, withServerDefaults(source), { values });
      if (typeof run === 'string') return { kind: 'not-evaluated', detail: run };
      if (!present && run.statuses.size === 0 && contains(source, d)) {
        return { kind: 'not-evaluated', detail: 'no rule applies and the error document is the applied resource: it relies on what the cluster adds' };
      }
      const result = withServerDefaults(run.resource);
      const holds = contains(result, d);
      if (holds === present) return { kind: 'agree', detail: '' };
      return { kind: 'differ', detail: present ? mismatch(result, d) : `the result has everything the error document lists: ${JSON.stringify(d['spec'] ?? d)}` };
    },
  }));
}

function report(title: string, cases: Case[]): { c: Case; v: Verdict }[] {
  const verdicts = cases.map((c) => ({ c, v: safely(c.run) }));
  const agree = verdicts.filter((x) => x.v.kind === 'agree').length;
  const evaluated = verdicts.filter((x) => x.v.kind !== 'not-evaluated').length;
  const lines = verdicts.filter((x) => x.v.kind !== 'agree').map((x) => `  [${x.v.kind}] ${x.c.id}: ${x.v.detail.slice(0, 300)}`);
  console.log(`${title}: ${agree}/${evaluated} evaluated cases agree (${cases.length} cases, ${cases.length - evaluated} not evaluated)\n${lines.join('\n')}`);
  return verdicts;
}

function suiteFiles(folder: string, file: string): string[] {
  return FOLDERS.map((f) => join(CORPUS, f)).filter(existsSync).flatMap((root) => findSuites(root, folder, file));
}

describe.skipIf(!existsSync(CORPUS))('mutate: Kyverno policy library', () => {
  const kyvernoTests = report('mutate kyverno-test corpus', suiteFiles('.kyverno-test', 'kyverno-test.yaml').flatMap(kyvernoTestCases));
  const mutatePolicies = suiteFiles('.chainsaw-test', 'chainsaw-test.yaml').filter((f) => readFileSync(resolve(dirname(f), '..', readdirSync(resolve(dirname(f), '..')).find((n) => n.endsWith('.yaml') && !n.startsWith('artifacthub')) ?? ''), 'utf8').includes('mutate:'));
  const chainsaw = report('mutate chainsaw corpus', mutatePolicies.flatMap(chainsawCases));

  it('finds the mutate cases of the library', () => {
    expect(kyvernoTests.length).toBeGreaterThan(40);
    expect(chainsaw.length).toBeGreaterThan(40);
  });

  for (const { c, v } of [...kyvernoTests, ...chainsaw]) {
    it.skipIf(v.kind === 'not-evaluated')(c.id, () => {
      expect(v.detail).toBe('');
    });
  }
});
