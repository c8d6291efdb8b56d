import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { deepEqual, isArray, isObject, type JsonObject, type JsonValue } from '../src/core/json.ts';
import { evaluateConditions } from '../src/engine/conditions.ts';
import { loadContext } from '../src/engine/context-entries.ts';
import { matchRule } from '../src/engine/match.ts';
import { parseImageReference } from '../src/engine/jmespath/image-reference.ts';
import { applyMutate } from '../src/engine/mutate/index.ts';
import { requestData } from '../src/engine/request-scope.ts';
import { withVariables } from '../src/engine/scope-data.ts';
import type { VariableScope } from '../src/engine/variables.ts';

/**
 * Kyverno's `kyverno test` suites of the policy library, replayed on applyMutate: for every
 * expected mutate result with a patched resource, the policy's mutate rules are applied in
 * order to the test resource (rules selected by `match` on kinds only; rule context entries
 * and preconditions evaluated), and the final resource and the rule's status are compared
 * with what the suite expects. Cases this harness cannot select simply (other match
 * clauses, exclude, autogen onto controllers, context from the cluster) are listed as not
 * evaluated.
 */
const CORPUS = '/work/shared/corpus/kyverno-policies';
const FOLDERS = ['best-practices', 'other', 'pod-security', 'psp-migration', 'psa'];

interface Case {
  id: string;
  dir: string;
  test: JsonObject;
  result: JsonObject;
  resourceName: string;
}

interface Verdict {
  kind: 'agree' | 'differ' | 'not-evaluated';
  detail: string;
}

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (!statSync(full).isDirectory()) continue;
    const test = join(full, 'kyverno-test.yaml');
    if (entry === '.kyverno-test' && existsSync(test)) out.push(test);
    else findTests(full, out);
  }
  return out;
}

function readDocs(file: string): JsonObject[] {
  if (!existsSync(file)) return [];
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as JsonValue)
    .filter(isObject);
}

function strings(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function nameOf(doc: JsonObject): string {
  const meta = doc['metadata'];
  return isObject(meta) && typeof meta['name'] === 'string' ? meta['name'] : '';
}

function namespaceOf(doc: JsonObject): string | undefined {
  const meta = doc['metadata'];
  return isObject(meta) && typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition']);

/** The Kyverno CLI puts namespaced test resources without a namespace in "default". */
function withDefaultNamespace(doc: JsonObject): JsonObject {
  if (CLUSTER_SCOPED.has(String(doc['kind'])) || namespaceOf(doc) !== undefined) return doc;
  const meta = isObject(doc['metadata']) ? doc['metadata'] : {};
  return { ...doc, metadata: { ...meta, namespace: 'default' } };
}

/** As `kyverno test` compares patched resources: empty maps, empty lists and nulls are dropped on both sides. */
function tidy(value: JsonValue): JsonValue | undefined {
  if (isArray(value)) {
    const items = value.map(tidy).filter((v): v is JsonValue => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isObject(value)) {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, tidy(v)] as const)
      .filter((e): e is readonly [string, JsonValue] => e[1] !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === null ? undefined : value;
}

function collectCases(): Case[] {
  const cases: Case[] = [];
  for (const folder of FOLDERS) {
    const root = join(CORPUS, folder);
    if (!existsSync(root)) continue;
    for (const file of findTests(root)) {
      const test = readDocs(file)[0];
      if (test === undefined || !isArray(test['results'])) continue;
      for (const result of test['results'].filter(isObject)) {
        if (result['patchedResources'] === undefined && result['patchedResource'] === undefined) continue;
        for (const resourceName of strings(result['resources'] ?? result['resource'])) {
          const id = `${file.slice(CORPUS.length + 1, -'/.kyverno-test/kyverno-test.yaml'.length)} ${String(result['policy'])}/${String(result['rule'])} ${resourceName}`;
          cases.push({ id, dir: dirname(file), test, result, resourceName });
        }
      }
    }
  }
  return cases;
}

function valuesFile(c: Case): JsonObject | undefined {
  const file = c.test['variables'];
  return typeof file === 'string' ? readDocs(resolve(c.dir, file))[0] : undefined;
}

/** Variables a Values file gives for this policy, resource and rule (global, then resource, then rule). */
function valuesFor(c: Case, policy: string, rule: string): Record<string, JsonValue> {
  const values = valuesFile(c);
  const out: Record<string, JsonValue> = isObject(values?.['globalValues']) ? { ...values['globalValues'] } : {};
  const policies = values?.['policies'];
  for (const p of isArray(policies) ? policies.filter(isObject) : []) {
    if (p['name'] !== policy) continue;
    for (const r of isArray(p['resources']) ? p['resources'].filter(isObject) : []) {
      if (r['name'] === c.resourceName.split('/').pop() && isObject(r['values'])) Object.assign(out, r['values']);
    }
    for (const r of isArray(p['rules']) ? p['rules'].filter(isObject) : []) {
      if (r['name'] === rule && isObject(r['values'])) Object.assign(out, r['values']);
    }
  }
  return out;
}

function namespaceLabels(c: Case): Record<string, Record<string, string>> {
  const values = valuesFile(c);
  const out: Record<string, Record<string, string>> = {};
  const selectors = values?.['namespaceSelector'];
  for (const entry of isArray(selectors) ? selectors.filter(isObject) : []) {
    if (typeof entry['name'] === 'string' && isObject(entry['labels'])) {
      out[entry['name']] = Object.fromEntries(Object.entries(entry['labels']).map(([k, v]) => [k, String(v)]));
    }
  }
  return out;
}

function imagesOf(resource: JsonObject): JsonObject {
  const spec = resource['spec'];
  const images: JsonObject = {};
  if (!isObject(spec)) return images;
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    const containers = spec[list];
    if (!isArray(containers)) continue;
    const byName: JsonObject = {};
    for (const c of containers.filter(isObject)) {
      const info = typeof c['image'] === 'string' ? parseImageReference(c['image']) : 'no image';
      if (typeof info !== 'string' && typeof c['name'] === 'string') byName[c['name']] = JSON.parse(JSON.stringify(info)) as JsonObject;
    }
    images[list] = byName;
  }
  return images;
}

function scopeFor(resource: JsonObject): VariableScope {
  return { data: { ...requestData({ resource, operation: 'CREATE' }), images: imagesOf(resource) } };
}

function runCase(c: Case): Verdict {
  const { result } = c;
  const kind = String(result['kind']);
  const policy = strings(c.test['policies']).flatMap((p) => readDocs(resolve(c.dir, p))).find((d) => nameOf(d) === result['policy']);
  if (policy === undefined) return { kind: 'not-evaluated', detail: 'policy not found' };
  const [namespace, name] = c.resourceName.includes('/') ? c.resourceName.split('/', 2) : [undefined, c.resourceName];
  const wanted = (d: JsonObject): boolean =>
    d['kind'] === kind && nameOf(d) === name && (namespace === undefined || (namespaceOf(d) ?? 'default') === namespace);
  const found = strings(c.test['resources']).flatMap((r) => readDocs(resolve(c.dir, r))).find(wanted);
  const patchedFile = String(result['patchedResources'] ?? result['patchedResource']);
  const expected = readDocs(resolve(c.dir, patchedFile)).find(wanted);
  if (found === undefined) return { kind: 'not-evaluated', detail: 'resource not found' };
  const negative = result['result'] === 'fail';
  if (expected === undefined && !negative) return { kind: 'not-evaluated', detail: 'patched resource not found' };
  const resource = withDefaultNamespace(found);
  const spec = policy['spec'];
  const rules = isObject(spec) && isArray(spec['rules']) ? spec['rules'].filter(isObject) : [];
  let current = resource;
  let ruleStatus = 'not applied';
  for (const rule of rules) {
    if (!isObject(rule['mutate'])) continue;
    const selected = matchRule(rule, {
      resource: current,
      operation: 'CREATE',
      policyKind: String(policy['kind']),
      namespaceLabels: namespaceLabels(c),
      unknownUser: 'kyverno-cli',
    });
    if (selected.applies === 'unknown') return { kind: 'not-evaluated', detail: `rule ${String(rule['name'])}: ${selected.reason}` };
    if (!selected.applies) continue;
    const base = scopeFor(current);
    const given: VariableScope = { data: withVariables(base.data, valuesFor(c, nameOf(policy), String(rule['name']))) };
    const loaded = loadContext(rule['context'], given);
    if (!loaded.ok) return { kind: 'not-evaluated', detail: `rule ${String(rule['name'])}: ${loaded.error}` };
    let status: string;
    let verdict = { ok: true as boolean, holds: true as boolean, error: '' };
    if (rule['preconditions'] !== undefined) {
      const out = evaluateConditions(rule['preconditions'], loaded.value);
      verdict = out.ok ? { ok: true, holds: out.value.holds, error: '' } : { ok: false, holds: false, error: out.error };
    }
    if (!verdict.ok) status = `error (preconditions: ${verdict.error})`;
    else if (!verdict.holds) status = 'skip';
    else {
      const out = applyMutate(current, rule['mutate'], loaded.value);
      if (out.status === 'error' && /offline/.test(out.message)) return { kind: 'not-evaluated', detail: `rule ${String(rule['name'])}: ${out.message}` };
      status = out.status === 'error' ? `error (${out.message})` : out.status;
      if (out.status === 'pass') current = out.patched;
    }
    if (rule['name'] === result['rule']) ruleStatus = status;
  }
  const same = expected !== undefined && deepEqual(tidy(current), tidy(withDefaultNamespace(expected)));
  // A `fail` result asserts that the policy does NOT produce the given patched resource.
  if (negative) return same ? { kind: 'differ', detail: 'expected the patched resource to differ' } : { kind: 'agree', detail: '' };
  const problems: string[] = [];
  if (ruleStatus !== result['result']) problems.push(`status ${ruleStatus}, expected ${String(result['result'])}`);
  if (!same) problems.push(`patched resource differs: got ${JSON.stringify(current['spec'] ?? current)}, expected ${JSON.stringify(expected?.['spec'] ?? expected)}`);
  return problems.length === 0 ? { kind: 'agree', detail: '' } : { kind: 'differ', detail: problems.join('; ') };
}

function safeRun(c: Case): Verdict {
  try {
    return runCase(c);
  } catch (e) {
    return { kind: 'differ', detail: `threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

describe.skipIf(!existsSync(CORPUS))('mutate: Kyverno policy library test suites', () => {
  const cases = existsSync(CORPUS) ? collectCases() : [];
  const verdicts = cases.map((c) => ({ c, v: safeRun(c) }));

  it('finds the mutate cases of the library', () => {
    expect(cases.length).toBeGreaterThan(20);
    const agree = verdicts.filter((x) => x.v.kind === 'agree').length;
    const evaluated = verdicts.filter((x) => x.v.kind !== 'not-evaluated').length;
    const lines = verdicts.filter((x) => x.v.kind !== 'agree').map((x) => `  [${x.v.kind}] ${x.c.id}: ${x.v.detail.slice(0, 400)}`);
    console.log(`mutate corpus: ${agree}/${evaluated} evaluated cases agree (${cases.length} cases, ${cases.length - evaluated} not evaluated)\n${lines.join('\n')}`);
  });

  for (const { c, v } of verdicts) {
    it.skipIf(v.kind === 'not-evaluated')(c.id, () => {
      expect(v.detail).toBe('');
    });
  }
});
