import { deepEqual, escapePointerSegment, isArray, isObject, type JsonObject, type JsonValue } from '../core/json.ts';
import { withoutGenerateLabels } from '../engine/generate/generated-resource.ts';
import { describeKey, keyOf, sameKey } from '../engine/generate/stand-in.ts';
import type { RuleResult } from '../engine/types.ts';
import { tidy, withDefaultNamespace } from './patched.ts';
import type { ExpectedResult } from './test-spec.ts';

/** How a generate rule's result compares with a test's expected generated resources. */
export interface GeneratedVerdict {
  ok: boolean;
  message: string;
  /** False when nothing was compared: the rule generated nothing, and Kyverno's CLI checks the result alone. */
  compared?: false;
}

/** Where two values first differ, as a JSON pointer, with both values there (undefined: absent). */
function firstDifference(expected: JsonValue | undefined, actual: JsonValue | undefined, at = ''): { at: string; expected: JsonValue | undefined; actual: JsonValue | undefined } | undefined {
  if (deepEqual(expected, actual)) return undefined;
  if (isObject(expected) && isObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const found = firstDifference(expected[key], actual[key], `${at}/${escapePointerSegment(key)}`);
      if (found) return found;
    }
  }
  if (isArray(expected) && isArray(actual) && expected.length === actual.length) {
    for (let i = 0; i < expected.length; i++) {
      const found = firstDifference(expected[i], actual[i], `${at}/${i}`);
      if (found) return found;
    }
  }
  return { at: at === '' ? '/' : at, expected, actual };
}

const shown = (value: JsonValue | undefined): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** As Kyverno's CLI compares a generated resource with an expected one: its bookkeeping labels aside, empty values dropped. */
function normalised(resource: JsonObject): JsonValue | undefined {
  return tidy(withoutGenerateLabels(resource));
}

/** The expected resource of the same apiVersion, kind, namespace and name (a namespaced one without a namespace is in `default`). */
function counterpart(candidates: readonly JsonObject[], actual: JsonObject): JsonObject | undefined {
  const want = keyOf(actual);
  return candidates.map(withDefaultNamespace).find((c) => sameKey(keyOf(c), want));
}

/** One generated resource against the expected files: undefined when one of them holds it as it is, otherwise why not. */
async function mismatchOf(resource: JsonObject, files: readonly string[], load: (path: string) => Promise<JsonObject[]>): Promise<string | undefined> {
  const key = keyOf(resource);
  const problems: string[] = [];
  for (const file of files) {
    const expected = counterpart(await load(file), resource);
    if (expected === undefined) {
      problems.push(`${file} has no ${key.apiVersion} ${describeKey(key)}`);
      continue;
    }
    const difference = firstDifference(normalised(expected), normalised(resource));
    if (difference === undefined) return undefined;
    problems.push(`the generated ${describeKey(key)} differs from the one in ${file} at ${difference.at}: expected ${shown(difference.expected)}, generated ${shown(difference.actual)}`);
  }
  return problems.join('; ');
}

/**
 * A generate rule's result against a test result's `generatedResource` (or any of its
 * `generatedResources`), as `kyverno test` compares them: every resource the rule generated
 * must be in the file, equal once Kyverno's `generate.kyverno.io/` labels are set aside (and
 * `app.kubernetes.io/managed-by: kyverno` assumed) and empty values dropped; then the status
 * must be the expected one. Undefined when there is nothing of the kind to compare (not a
 * generate rule, no file expected, or a result other than a pass that generated nothing):
 * the status alone answers.
 */
export async function compareGenerated(expected: ExpectedResult, result: RuleResult, load: (path: string) => Promise<JsonObject[]>): Promise<GeneratedVerdict | undefined> {
  if (result.ruleType !== 'generate') return undefined;
  const files = expected.generatedResources ?? (expected.generatedResource !== undefined ? [expected.generatedResource] : []);
  if (files.length === 0) return undefined;
  const generated = result.generated ?? [];
  if (generated.length === 0) {
    if (result.status !== 'pass' || expected.result !== 'pass') return undefined;
    // a GeneratingPolicy's pass is what it generates: with nothing generated there is nothing to confirm
    if (result.policy.kind.endsWith('GeneratingPolicy')) {
      return {
        ok: false,
        message: `the policy generated nothing for this resource, so nothing could be compared with ${files.join(', ')}; kyverno test passes such a row on its status alone. Check that generator.Apply is reached (a foreach over an empty list generates nothing) or drop generatedResource from the row.`,
      };
    }
    return {
      ok: true,
      compared: false,
      message: `not compared with ${files.join(', ')}: ${result.message} (kyverno test then checks the result alone)`,
    };
  }
  const mismatches: string[] = [];
  for (const resource of generated) {
    const mismatch = await mismatchOf(resource, files, load);
    if (mismatch !== undefined) mismatches.push(mismatch);
  }
  if (mismatches.length > 0) return { ok: false, message: mismatches.join('; ') };
  const ok = result.status === expected.result;
  return { ok, message: ok ? `${result.message}, as ${files.join(', ')} expects` : result.message };
}
