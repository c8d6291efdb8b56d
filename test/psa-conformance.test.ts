import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isObject, type JsonObject, type JsonValue } from '../src/core/json.ts';
import { podView } from '../src/engine/pod-template.ts';
import { evaluatePodSecurity, parsePodSecurityRule } from '../src/engine/podsecurity/index.ts';

/**
 * Conformance of validate.podSecurity with the Pod Security Admission fixtures (as kyverno tests) and with the
 * podSecurity suites of the Kyverno policy library. Read from the shared corpus at test time; skipped without it.
 */
const PSA_ROOT = '/work/shared/corpus/psa-kyverno-tests';
const POLICIES_ROOT = '/work/shared/corpus/kyverno-policies';

function readDocuments(file: string): JsonObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJSON() as JsonValue)
    .filter(isObject);
}

interface Expectation {
  rule: string;
  resource: string;
  result: string;
}

function expectationsOf(testFile: string): Expectation[] {
  const [test] = readDocuments(testFile);
  const out: Expectation[] = [];
  for (const r of Array.isArray(test?.['results']) ? test['results'] : []) {
    if (!isObject(r)) continue;
    const names = Array.isArray(r['resources']) ? r['resources'] : [r['resource']];
    for (const name of names) if (typeof name === 'string') out.push({ rule: String(r['rule']), resource: name, result: String(r['result']) });
  }
  return out;
}

/** rule name -> validate.podSecurity of every rule in a policy file. */
function podSecurityRules(policyFile: string): Map<string, JsonValue> {
  const rules = new Map<string, JsonValue>();
  for (const doc of readDocuments(policyFile)) {
    const spec = doc['spec'];
    for (const rule of isObject(spec) && Array.isArray(spec['rules']) ? spec['rules'] : []) {
      if (isObject(rule) && isObject(rule['validate']) && rule['validate']['podSecurity'] !== undefined) {
        rules.set(String(rule['name']), rule['validate']['podSecurity']);
      }
    }
  }
  return rules;
}

function resourcesByName(file: string): Map<string, JsonObject> {
  return new Map(readDocuments(file).map((doc) => [String((doc['metadata'] as JsonObject | undefined)?.['name']), doc]));
}

/** pass | fail | skip | error: … for one rule on one resource (a controller is judged on its Pod template). */
function verdict(ruleSpec: JsonValue, resource: JsonObject): string {
  const rule = parsePodSecurityRule(ruleSpec);
  if (!rule.ok) return `error: ${rule.error}`;
  const view = podView(resource);
  if (!view) return 'skip';
  const result = evaluatePodSecurity(view.pod, rule.value);
  if (!result.ok) return `error: ${result.error}`;
  return result.value.allowed ? 'pass' : 'fail';
}

interface SuiteRun {
  total: number;
  mismatches: string[];
}

function runPsaSuite(dir: string): SuiteRun {
  const rules = podSecurityRules(join(dir, 'policy.yaml'));
  const resources = resourcesByName(join(dir, 'resources.yaml'));
  const run: SuiteRun = { total: 0, mismatches: [] };
  for (const e of expectationsOf(join(dir, 'kyverno-test.yaml'))) {
    const spec = rules.get(e.rule);
    const resource = resources.get(e.resource);
    run.total++;
    const got = spec === undefined || resource === undefined ? 'missing rule or resource' : verdict(spec, resource);
    if (got !== e.result) run.mismatches.push(`${e.resource}: expected ${e.result}, got ${got}`);
  }
  return run;
}

const psaSuites = existsSync(PSA_ROOT)
  ? ['baseline', 'restricted'].flatMap((level) =>
      readdirSync(join(PSA_ROOT, level)).map((version) => ({ name: `${level} ${version}`, dir: join(PSA_ROOT, level, version) })),
    )
  : [];

describe.skipIf(!existsSync(PSA_ROOT))('Pod Security Admission fixtures (psa-kyverno-tests)', () => {
  for (const suite of psaSuites) {
    it(suite.name, () => {
      const run = runPsaSuite(suite.dir);
      expect(run.total).toBeGreaterThan(0);
      expect(run.mismatches).toEqual([]);
    });
  }

  it('agrees on every fixture result of every level and version', () => {
    const runs = psaSuites.map((s) => runPsaSuite(s.dir));
    const total = runs.reduce((n, r) => n + r.total, 0);
    const agreed = total - runs.reduce((n, r) => n + r.mismatches.length, 0);
    console.log(`psa-kyverno-tests: ${agreed}/${total} fixture results agree across ${psaSuites.length} suites`);
    expect(total).toBeGreaterThan(4000);
    expect(agreed).toBe(total);
  });
});

const LIBRARY_SUITES = [
  'pod-security/subrule/restricted/restricted-latest',
  'pod-security/subrule/restricted/restricted-exclude-seccomp',
  'pod-security/subrule/restricted/restricted-exclude-capabilities',
  'pod-security/subrule/podsecurity-subrule-baseline',
];

function policyFileOf(dir: string): string {
  return join(dir, readdirSync(dir).find((f) => f.endsWith('.yaml')) ?? 'missing.yaml');
}

describe.skipIf(!existsSync(POLICIES_ROOT))('Kyverno policy library podSecurity suites', () => {
  for (const suite of LIBRARY_SUITES) {
    const dir = join(POLICIES_ROOT, suite);
    const kyvernoTest = join(dir, '.kyverno-test', 'kyverno-test.yaml');
    it.skipIf(!existsSync(kyvernoTest))(`${suite} (kyverno test)`, () => {
      const rules = podSecurityRules(policyFileOf(dir));
      const resources = resourcesByName(join(dir, '.kyverno-test', 'resource.yaml'));
      const mismatches: string[] = [];
      const expectations = expectationsOf(kyvernoTest);
      for (const e of expectations) {
        // autogen-… rules are the controller copies of a Pod rule: the same podSecurity on the Pod template.
        const spec = rules.get(e.rule.replace(/^autogen-(cronjob-)?/, ''));
        const resource = resources.get(e.resource);
        const got = spec === undefined || resource === undefined ? 'missing rule or resource' : verdict(spec, resource);
        if (got !== e.result) mismatches.push(`${e.rule}/${e.resource}: expected ${e.result}, got ${got}`);
      }
      expect(expectations.length).toBeGreaterThan(0);
      expect(mismatches).toEqual([]);
    });

    // The chainsaw suites create good and bad Pods and controllers in a cluster: every good one is admitted, every bad one rejected.
    const chainsaw = join(dir, '.chainsaw-test');
    it.skipIf(!existsSync(chainsaw))(`${suite} (chainsaw resources)`, () => {
      const [spec] = [...podSecurityRules(policyFileOf(dir)).values()];
      expect(spec).toBeDefined();
      const mismatches: string[] = [];
      let checked = 0;
      const files = [['pod-good.yaml', 'pass'], ['pod-bad.yaml', 'fail'], ['podcontroller-good.yaml', 'pass'], ['podcontroller-bad.yaml', 'fail']] as const;
      for (const [file, expected] of files) {
        if (!existsSync(join(chainsaw, file))) continue;
        for (const resource of readDocuments(join(chainsaw, file))) {
          checked++;
          const got = verdict(spec as JsonValue, resource);
          const name = String((resource['metadata'] as JsonObject | undefined)?.['name']);
          if (got !== expected) mismatches.push(`${file} ${String(resource['kind'])}/${name}: expected ${expected}, got ${got}`);
        }
      }
      console.log(`${suite}: ${checked - mismatches.length}/${checked} chainsaw resources agree`);
      expect(checked).toBeGreaterThan(0);
      expect(mismatches).toEqual([]);
    });
  }
});
