import { isArray, isObject, type JsonObject } from '../core/json.ts';
import type { PolicyDocument, PolicyLoadProblem } from './load.ts';

/** One entry of a PolicyException's `spec.exceptions`: which policy and rules it exempts. */
export interface ExceptionTarget {
  /** `name` for a ClusterPolicy, `namespace/name` for a namespaced Policy; wildcards allowed. */
  policyName: string;
  ruleNames: string[];
}

/** A loaded Kyverno PolicyException (kyverno.io/v2, v2beta1). */
export interface PolicyException {
  name: string;
  namespace?: string;
  targets: ExceptionTarget[];
  /** The `match` block (and optional `exclude`), shaped like a rule's, for matchRule. */
  selection: JsonObject;
  conditions?: JsonObject;
  /** podSecurity exclusions: they narrow a podSecurity rule instead of skipping it. */
  podSecurity?: JsonObject[];
  source: { file: string; documentIndex: number };
}

export function isPolicyExceptionDocument(object: JsonObject): boolean {
  const apiVersion = object['apiVersion'];
  return object['kind'] === 'PolicyException' && typeof apiVersion === 'string' && apiVersion.startsWith('kyverno.io/');
}

function strings(value: unknown): string[] {
  return isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function readException(doc: PolicyDocument): { exception?: PolicyException; problem?: string } {
  const metadata = isObject(doc.object['metadata']) ? doc.object['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const spec = isObject(doc.object['spec']) ? doc.object['spec'] : undefined;
  const where = `PolicyException "${name}"`;
  if (!spec) return { problem: `${where}: spec is missing` };
  if (!isObject(spec['match'])) return { problem: `${where}: spec.match is required (which resources the exception covers)` };
  const targets: ExceptionTarget[] = [];
  for (const entry of isArray(spec['exceptions']) ? spec['exceptions'] : []) {
    if (!isObject(entry) || typeof entry['policyName'] !== 'string') {
      return { problem: `${where}: every spec.exceptions entry needs policyName and ruleNames` };
    }
    targets.push({ policyName: entry['policyName'], ruleNames: strings(entry['ruleNames']) });
  }
  if (targets.length === 0) return { problem: `${where}: spec.exceptions names no policy` };
  const selection: JsonObject = { match: spec['match'] };
  if (spec['exclude'] !== undefined) selection['exclude'] = spec['exclude'];
  const exception: PolicyException = { name, targets, selection, source: { file: doc.file, documentIndex: doc.documentIndex } };
  if (typeof metadata['namespace'] === 'string') exception.namespace = metadata['namespace'];
  if (isObject(spec['conditions'])) exception.conditions = spec['conditions'];
  if (isArray(spec['podSecurity'])) exception.podSecurity = spec['podSecurity'].filter(isObject);
  return { exception };
}

/** Read the PolicyException documents among others; the rest are ignored. */
export function loadExceptions(documents: readonly PolicyDocument[]): { exceptions: PolicyException[]; problems: PolicyLoadProblem[] } {
  const exceptions: PolicyException[] = [];
  const problems: PolicyLoadProblem[] = [];
  for (const doc of documents) {
    if (!isPolicyExceptionDocument(doc.object)) continue;
    const read = readException(doc);
    if (read.exception) exceptions.push(read.exception);
    if (read.problem) problems.push({ file: doc.file, documentIndex: doc.documentIndex, message: read.problem });
  }
  return { exceptions, problems };
}
