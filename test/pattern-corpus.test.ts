import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isArray, isObject, type JsonObject, type JsonValue } from '../src/core/json.ts';
import { validateAnyPattern, validatePattern } from '../src/engine/pattern.ts';

/**
 * Kyverno's own `kyverno test` suites (policy library) replayed on validatePattern: for every rule
 * whose validate block is only a pattern/anyPattern (no variables, preconditions, context,
 * exclude or foreach) and whose match is only `kinds: [Pod]`, each Pod result the suite expects
 * (pass/fail/skip) is compared with ours.
 */
const CORPUS = '/work/shared/corpus/kyverno-policies';
/**
 * 'pods' (default): rules matching exactly `kinds: [Pod]`, on Pods and (autogen) on Pod controllers;
 * 'kinds': any rule matching by kinds only, on the kinds it lists.
 */
const KINDS: 'pods' | 'kinds' = process.env['PATTERN_CORPUS_KINDS'] === 'kinds' ? 'kinds' : 'pods';
const FOLDERS = ['best-practices', 'other', 'pod-security', 'psp-migration'];

interface Case {
  id: string;
  kind: string;
  expected: string;
  actual: string;
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

function loadDocs(file: string): JsonObject[] {
  if (!existsSync(file)) return [];
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as JsonValue)
    .filter(isObject);
}

/** The kinds of a `match` that selects by kinds only (in any of Kyverno's spellings), else undefined. */
function matchedKinds(match: JsonValue | undefined): string[] | undefined {
  if (!isObject(match)) return undefined;
  const blocks: JsonValue[] = [];
  if (isArray(match['any'])) blocks.push(...match['any']);
  else if (isArray(match['all'])) blocks.push(...match['all']);
  else blocks.push(match);
  if (blocks.length !== 1 || !isObject(blocks[0]) || Object.keys(blocks[0]).join() !== 'resources') return undefined;
  const resources = blocks[0]['resources'];
  if (!isObject(resources) || Object.keys(resources).join() !== 'kinds') return undefined;
  const kinds = resources['kinds'];
  return isArray(kinds) ? kinds.filter((k): k is string => typeof k === 'string' && !k.includes('/')) : undefined;
}

function eligible(rule: JsonObject, kind: string): boolean {
  const validate = rule['validate'];
  if (!isObject(validate)) return false;
  if (validate['pattern'] === undefined && validate['anyPattern'] === undefined) return false;
  if (Object.keys(validate).some((k) => !['message', 'pattern', 'anyPattern', 'failureAction', 'allowExistingViolations'].includes(k))) return false;
  if (rule['preconditions'] !== undefined || rule['context'] !== undefined || rule['exclude'] !== undefined) return false;
  if (JSON.stringify(validate).includes('{{')) return false;
  const kinds = matchedKinds(rule['match']) ?? [];
  if (KINDS === 'kinds') return kinds.includes(kind);
  return kinds.join() === 'Pod' && (kind === 'Pod' || AUTOGEN_TEMPLATE[kind] !== undefined);
}

/**
 * Kyverno's autogen: a Pod rule also applies to Pod controllers, its pattern nested under the
 * controller's pod template (spec.template, or spec.jobTemplate.spec.template for CronJobs).
 */
const AUTOGEN_TEMPLATE: Record<string, (pattern: JsonValue) => JsonValue> = {
  Deployment: (p) => ({ spec: { template: p } }),
  DaemonSet: (p) => ({ spec: { template: p } }),
  StatefulSet: (p) => ({ spec: { template: p } }),
  ReplicaSet: (p) => ({ spec: { template: p } }),
  Job: (p) => ({ spec: { template: p } }),
  CronJob: (p) => ({ spec: { jobTemplate: { spec: { template: p } } } }),
};

function evaluate(resource: JsonObject, validate: JsonObject, autogen: boolean): { status: string; detail: string } {
  const wrap = (autogen ? AUTOGEN_TEMPLATE[String(resource['kind'])] : undefined) ?? ((p: JsonValue) => p);
  const outcome = validate['pattern'] !== undefined
    ? validatePattern(resource, wrap(validate['pattern']))
    : validateAnyPattern(resource, isArray(validate['anyPattern']) ? validate['anyPattern'].map(wrap) : []);
  return { status: outcome.status, detail: outcome.status === 'pass' ? '' : `${outcome.path} ${outcome.message}` };
}

function collectCases(): Case[] {
  const cases: Case[] = [];
  const tests = FOLDERS.flatMap((folder) => findTests(join(CORPUS, folder)));
  for (const testFile of tests) {
    const test = loadDocs(testFile)[0];
    if (test === undefined) continue;
    const base = dirname(testFile);
    const list = (key: string): string[] => (isArray(test[key]) ? test[key].filter((x): x is string => typeof x === 'string') : []);
    const policies = list('policies').flatMap((p) => loadDocs(resolve(base, p)));
    const resources = list('resources').flatMap((r) => loadDocs(resolve(base, r)));
    const results = isArray(test['results']) ? test['results'].filter(isObject) : [];
    for (const result of results) {
      const kind = result['kind'];
      if (typeof kind !== 'string' || typeof result['result'] !== 'string') continue;
      const policy = policies.find((p) => isObject(p['metadata']) && p['metadata']['name'] === result['policy']);
      const spec = policy?.['spec'];
      const rules = isObject(spec) && isArray(spec['rules']) ? spec['rules'].filter(isObject) : [];
      const rule = rules.find((r) => r['name'] === result['rule']);
      if (rule === undefined || !eligible(rule, kind) || !isObject(rule['validate'])) continue;
      const names = isArray(result['resources']) ? result['resources'] : [result['resource']];
      for (const name of names) {
        if (typeof name !== 'string') continue;
        const bare = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
        const resource = resources.find((r) => r['kind'] === kind && isObject(r['metadata']) && r['metadata']['name'] === bare);
        if (resource === undefined) continue;
        const { status, detail } = evaluate(resource, rule['validate'], kind !== 'Pod' && matchedKinds(rule['match'])?.join() === 'Pod');
        cases.push({ id: `${String(result['policy'])}/${String(result['rule'])}/${kind}/${bare}`, kind, expected: result['result'], actual: status, detail });
      }
    }
  }
  return cases;
}

describe.skipIf(!existsSync(CORPUS))('validatePattern against the Kyverno policy library tests', () => {
  const cases = existsSync(CORPUS) ? collectCases() : [];

  it('finds a substantial number of eligible Pod cases', () => {
    expect(cases.length).toBeGreaterThan(200);
  });

  it('agrees with the expected result of every case', () => {
    const disagreements = cases.filter((c) => c.expected !== c.actual);
    const agreement = cases.length === 0 ? 0 : (cases.length - disagreements.length) / cases.length;
    const by = (s: string) => cases.filter((c) => c.expected === s).length;
    const pods = cases.filter((c) => c.kind === 'Pod');
    console.log(`Pod cases: ${pods.filter((c) => c.expected === c.actual).length}/${pods.length} agree; Pod-controller (autogen) cases: ${cases.length - pods.length}`);
    console.log(`expected pass ${by("pass")}, fail ${by("fail")}, skip ${by("skip")}, rules ${new Set(cases.map((c) => c.id.split("/").slice(0, 2).join("/"))).size}`);
    console.log(`pattern corpus agreement: ${cases.length - disagreements.length}/${cases.length} (${(agreement * 100).toFixed(1)}%)`);
    if (process.env["PATTERN_CORPUS_VERBOSE"]) for (const c of cases.slice(0, 400)) if (c.actual !== "pass") console.log(`  ${c.id}: ${c.actual} ${c.detail}`);
    for (const d of disagreements) console.log(`  ${d.id}: expected ${d.expected}, got ${d.actual} ${d.detail}`);
    expect(disagreements.map((d) => `${d.id}: expected ${d.expected}, got ${d.actual}`)).toEqual([]);
  });
});
