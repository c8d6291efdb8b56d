import { dirname, resolve } from 'node:path';
import type { JsonObject } from '../core/json.ts';
import { resourceRef } from '../core/resource-ref.ts';
import { evaluatePolicy } from '../engine/evaluate.ts';
import type { Operation, RuleResult } from '../engine/types.ts';
import { loadExceptions } from '../policy/exceptions.ts';
import { loadPolicies } from '../policy/load.ts';
import type { DocumentSource } from './documents.ts';
import { withDefaultNamespace } from './patched.ts';
import { compareExpected, type CaseResult } from './compare.ts';
import type { TestSpec } from './test-spec.ts';
import { emptyValues, parseValues, type TestValues } from './values-file.ts';

export interface TestRun {
  file: string;
  cases: CaseResult[];
  /** Problems loading the test's inputs (missing files, invalid YAML, bad policies). */
  problems: string[];
  policies: number;
  resources: number;
}

const OPERATIONS = new Set<Operation>(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

function operationOf(variables: Record<string, unknown>): Operation {
  const value = variables['request.operation'];
  return typeof value === 'string' && OPERATIONS.has(value as Operation) ? (value as Operation) : 'CREATE';
}

async function loadValues(spec: TestSpec, base: string, source: DocumentSource, problems: string[]): Promise<TestValues> {
  if (!spec.variables) return emptyValues();
  const loaded = await source(resolve(base, spec.variables));
  problems.push(...loaded.problems);
  const doc = loaded.documents.find((d) => d.object['kind'] === 'Values') ?? loaded.documents[0];
  return doc ? parseValues(doc.object) : emptyValues();
}

/** Run one kyverno test file: evaluate its policies on its resources and compare with its results. */
export async function runTestFile(file: string, spec: TestSpec, source: DocumentSource): Promise<TestRun> {
  const base = dirname(file);
  const problems: string[] = [];
  const values = await loadValues(spec, base, source, problems);
  const policyDocs = [];
  for (const path of spec.policies) {
    const loaded = await source(resolve(base, path));
    problems.push(...loaded.problems);
    policyDocs.push(...loaded.documents);
  }
  const { policies, problems: policyProblems } = loadPolicies(policyDocs, 'security');
  problems.push(...policyProblems.map((p) => `${p.file}: ${p.message}`));
  const exceptionDocs = [];
  for (const path of spec.exceptions) {
    const loaded = await source(resolve(base, path));
    problems.push(...loaded.problems);
    exceptionDocs.push(...loaded.documents);
  }
  const { exceptions, problems: exceptionProblems } = loadExceptions([...exceptionDocs, ...policyDocs]);
  problems.push(...exceptionProblems.map((p) => `${p.file}: ${p.message}`));
  const resources: JsonObject[] = [];
  for (const path of spec.resources) {
    const loaded = await source(resolve(base, path));
    problems.push(...loaded.problems);
    resources.push(...loaded.documents.map((d) => withDefaultNamespace(d.object)));
  }
  const resultsByResource = new Map<JsonObject, RuleResult[]>();
  for (const resource of resources) {
    const name = resourceRef(resource).name;
    const results = policies.flatMap((policy) => {
      const operation = operationOf(values.variablesFor(policy.meta.name, '', name));
      return evaluatePolicy(policy, {
        resource,
        operation,
        // the Kyverno CLI has no earlier version of a resource: an UPDATE compares it with itself
        ...(operation === 'UPDATE' ? { oldResource: resource } : {}),
        namespaceLabels: values.namespaceLabels,
        // the Kyverno CLI evaluates with an empty user: subjects/roles neither select nor exclude
        userInfo: {},
        exceptions,
        valuesFor: (policyName, rule) => values.variablesFor(policyName, rule, name),
      });
    });
    resultsByResource.set(resource, results);
  }
  const patchedLoader = async (path: string): Promise<JsonObject[]> =>
    (await source(resolve(base, path))).documents.map((d) => d.object);
  const cases = await compareExpected(file, spec, resources, resultsByResource, patchedLoader);
  return { file, cases, problems, policies: policies.length, resources: resources.length };
}

