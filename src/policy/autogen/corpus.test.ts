import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isObject, type JsonObject } from '../../core/json.ts';
import { blockKinds } from './eligibility.ts';
import { autogenRules } from '../autogen.ts';
import type { Rule } from '../types.ts';

const CORPUS = resolve(__dirname, '../../../../shared/corpus/kyverno-policies');
const DIALECT_SUFFIX = /-(cel|vpol|mpol|gpol)$/;

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (entry === 'kyverno-test.yaml') out.push(path);
  }
  return out;
}

function readDocuments(file: string): JsonObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJSON() as unknown)
    .filter(isObject);
}

interface LoadedPolicy {
  name: string;
  rules: Rule[];
}

function loadPolicy(object: JsonObject): LoadedPolicy | undefined {
  if (object['kind'] !== 'ClusterPolicy' && object['kind'] !== 'Policy') return undefined;
  const meta = isObject(object['metadata']) ? object['metadata'] : {};
  const spec = isObject(object['spec']) ? object['spec'] : {};
  const rawRules = Array.isArray(spec['rules']) ? spec['rules'].filter(isObject) : [];
  const rules: Rule[] = rawRules.map((raw) => ({ name: String(raw['name']), raw }));
  const namespace = typeof meta['namespace'] === 'string' ? `${meta['namespace']}/` : '';
  return { name: namespace + String(meta['name']), rules: [...rules, ...autogenRules(object, rules)] };
}

/** Does a rule's match block name this kind (plainly, qualified, or by `*`)? */
function selectsKind(rule: Rule, kind: string): boolean {
  return blockKinds(rule.raw['match']).some((k) => k === '*' || k.split('/').pop() === kind);
}

interface Problem {
  test: string;
  policy: string;
  rule: string;
  kind: string;
  why: string;
}

function checkTest(testFile: string): { checked: number; viaAutogen: number; problems: Problem[] } {
  const test = readDocuments(testFile)[0] ?? {};
  const policies = new Map<string, LoadedPolicy>();
  const paths = Array.isArray(test['policies']) ? test['policies'] : [];
  for (const p of paths) {
    const file = resolve(dirname(testFile), String(p));
    if (!existsSync(file)) continue;
    for (const doc of readDocuments(file)) {
      const policy = loadPolicy(doc);
      if (policy) policies.set(policy.name, policy);
    }
  }
  const problems: Problem[] = [];
  let checked = 0;
  let viaAutogen = 0;
  const results = Array.isArray(test['results']) ? test['results'].filter(isObject) : [];
  for (const result of results) {
    if (typeof result['rule'] !== 'string') continue;
    checked++;
    const ruleName = result['rule'];
    const policyName = String(result['policy']);
    const kind = String(result['kind'] ?? '');
    const problem = (why: string): Problem => ({ test: testFile.slice(CORPUS.length + 1), policy: policyName, rule: ruleName, kind, why });
    const policy = policies.get(policyName) ?? [...policies.values()].find((p) => p.name.endsWith(`/${policyName}`));
    if (!policy) {
      problems.push(problem('policy not found'));
      continue;
    }
    // The Kyverno CLI accepts a source rule's name for its autogen-… and autogen-cronjob-… results.
    const candidates = [ruleName, `autogen-${ruleName}`, `autogen-cronjob-${ruleName}`]
      .map((name) => policy.rules.find((r) => r.name === name))
      .filter((r): r is Rule => r !== undefined);
    const selecting = candidates.filter((r) => kind === '' || selectsKind(r, kind));
    if (candidates.length === 0) problems.push(problem('no rule of that name'));
    else if (selecting.length === 0) problems.push(problem(`no such rule selects ${kind}`));
    else if (selecting.every((r) => r.autogen !== undefined)) viaAutogen++;
  }
  return { checked, viaAutogen, problems };
}

describe.skipIf(!existsSync(CORPUS))('autogen against the kyverno/policies test suites', () => {
  it('every rule a classic test names exists (with auto-generated rules) and selects the result kind', () => {
    const categories = readdirSync(CORPUS).filter((d) => !DIALECT_SUFFIX.test(d) && statSync(join(CORPUS, d)).isDirectory());
    const tests = categories.flatMap((c) => findTests(join(CORPUS, c)));
    let checked = 0;
    let viaAutogen = 0;
    const problems: Problem[] = [];
    for (const file of tests) {
      const outcome = checkTest(file);
      checked += outcome.checked;
      viaAutogen += outcome.viaAutogen;
      problems.push(...outcome.problems);
    }
    console.log(
      `autogen corpus: ${tests.length} test files, ${checked} results checked, ${viaAutogen} resolved only by generated rules, ${problems.length} unresolved`,
    );
    for (const p of problems) console.log(`  ${p.test}: ${p.policy}/${p.rule} (${p.kind}): ${p.why}`);
    expect(tests.length).toBeGreaterThan(50);
    expect(viaAutogen).toBeGreaterThan(50);
    // The upstream defects the corpus README lists (istio tests) are not among the classic categories here.
    expect(problems).toEqual([]);
  });
});
