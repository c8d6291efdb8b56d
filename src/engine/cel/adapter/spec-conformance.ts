import { Optional } from '@marcbachmann/cel-js';
import { UnsignedInt } from '@marcbachmann/cel-js/evaluator';
import { activation, createCelEnvironment } from './index.ts';

/**
 * The CEL specification's conformance tests (cel-spec's simple tests, as the npm package
 * @bufbuild/cel-spec ships them) run against the CEL library through this adapter, so an
 * upgrade of the library that regresses is caught. Tests that need protocol buffer messages,
 * enums, type values, a container or a declared type environment are left out: Kubernetes
 * and Kyverno expressions have none of them.
 */

interface SpecValue {
  int64Value?: string;
  uint64Value?: string;
  doubleValue?: number | string;
  stringValue?: string;
  bytesValue?: string;
  boolValue?: boolean;
  nullValue?: unknown;
  listValue?: { values?: SpecValue[] };
  mapValue?: { entries?: { key: SpecValue; value: SpecValue }[] };
  objectValue?: unknown;
  enumValue?: unknown;
  typeValue?: unknown;
}

export interface SpecTest {
  name: string;
  expr: string;
  value?: SpecValue;
  evalError?: unknown;
  bindings?: Record<string, { value?: SpecValue }>;
  container?: string;
  typeEnv?: unknown;
  checkOnly?: boolean;
  disableCheck?: boolean;
}

export interface SpecSuite {
  name: string;
  suites?: SpecSuite[];
  tests?: { original: SpecTest }[];
}

export interface SpecOutcome {
  total: number;
  selected: number;
  passed: number;
  /** Failures of selected tests, `section/test: why`. */
  failures: string[];
  /** Per section: passed/selected. */
  sections: Record<string, { passed: number; selected: number }>;
}

const UNSUPPORTED_VALUE_KINDS = ['objectValue', 'enumValue', 'typeValue'] as const;

function usesUnsupported(value: SpecValue | undefined): boolean {
  if (!value) return false;
  if (UNSUPPORTED_VALUE_KINDS.some((k) => value[k] !== undefined)) return true;
  if (value.listValue) return (value.listValue.values ?? []).some(usesUnsupported);
  if (value.mapValue) return (value.mapValue.entries ?? []).some((e) => usesUnsupported(e.key) || usesUnsupported(e.value));
  return false;
}

function selectable(test: SpecTest): boolean {
  if (test.container || test.typeEnv || test.checkOnly) return false;
  if (test.value === undefined && test.evalError === undefined) return false;
  if (usesUnsupported(test.value)) return false;
  return !Object.values(test.bindings ?? {}).some((b) => b.value === undefined || usesUnsupported(b.value));
}

function fromSpec(value: SpecValue): unknown {
  if (value.int64Value !== undefined) return BigInt(value.int64Value);
  if (value.uint64Value !== undefined) return new UnsignedInt(BigInt(value.uint64Value));
  if (value.doubleValue !== undefined) return typeof value.doubleValue === 'number' ? value.doubleValue : Number(value.doubleValue);
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.bytesValue !== undefined) return new Uint8Array(Buffer.from(value.bytesValue, 'base64'));
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.listValue) return (value.listValue.values ?? []).map(fromSpec);
  if (value.mapValue) return new Map((value.mapValue.entries ?? []).map((e) => [fromSpec(e.key), fromSpec(e.value)]));
  if ('nullValue' in value) return null;
  // an empty value message is the double 0 / int 0 in proto3 JSON; treat as unknown
  return undefined;
}

function numeric(value: unknown): bigint | number | undefined {
  if (typeof value === 'bigint' || typeof value === 'number') return value;
  if (value instanceof UnsignedInt) return value.value;
  return undefined;
}

function same(expected: unknown, actual: unknown): boolean {
  if (expected instanceof UnsignedInt) return actual instanceof UnsignedInt && actual.value === expected.value;
  if (typeof expected === 'bigint') return typeof actual === 'bigint' && actual === expected;
  if (typeof expected === 'number') return typeof actual === 'number' && (Object.is(expected, actual) || expected === actual || (Number.isNaN(expected) && Number.isNaN(actual)));
  if (expected instanceof Uint8Array) return actual instanceof Uint8Array && Buffer.from(actual).equals(Buffer.from(expected));
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => same(e, actual[i]));
  if (expected instanceof Map) {
    const entries = actual instanceof Map ? [...actual.entries()] : actual !== null && typeof actual === 'object' ? Object.entries(actual) : undefined;
    if (!entries || entries.length !== expected.size) return false;
    return [...expected.entries()].every(([k, v]) => entries.some(([ak, av]) => (same(k, ak) || (numeric(k) !== undefined && numeric(k) === numeric(ak))) && same(v, av)));
  }
  if (actual instanceof Optional) return false;
  return expected === actual;
}

function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof UnsignedInt ? `${v.value}u` : v instanceof Map ? Object.fromEntries(v) : v)) ?? String(value);
}

/** Run the selected tests of the suites. */
export function runSpecConformance(suites: readonly SpecSuite[]): SpecOutcome {
  const env = createCelEnvironment();
  const out: SpecOutcome = { total: 0, selected: 0, passed: 0, failures: [], sections: {} };
  const visit = (suite: SpecSuite, section: string): void => {
    for (const { original: test } of suite.tests ?? []) {
      out.total++;
      if (!selectable(test)) continue;
      out.selected++;
      const tally = (out.sections[section] ??= { passed: 0, selected: 0 });
      tally.selected++;
      const compiled = env.compile(test.expr);
      const bindings = Object.fromEntries(Object.entries(test.bindings ?? {}).map(([k, b]) => [k, fromSpec(b.value as SpecValue)]));
      const result = compiled.ok ? compiled.value.evaluate(activation(bindings, { resources: [], images: {} })) : compiled;
      let ok: boolean;
      let why = '';
      if (test.evalError !== undefined) {
        ok = !result.ok;
        if (!ok && result.ok) why = `expected an error, got ${show(result.value)}`;
      } else {
        const expected = fromSpec(test.value as SpecValue);
        ok = result.ok && same(expected, result.value);
        if (!ok) why = result.ok ? `expected ${show(expected)}, got ${show(result.value)}` : result.error;
      }
      if (ok) {
        out.passed++;
        tally.passed++;
      } else {
        out.failures.push(`${section}/${test.name}: ${why.slice(0, 160)}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child, section === '' ? child.name : section);
  };
  for (const suite of suites) visit(suite, '');
  return out;
}
