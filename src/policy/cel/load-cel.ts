import { isObject, type JsonObject } from '../../core/json.ts';
import { readMatchResources } from '../../engine/cel/admission-match.ts';
import { autogenPrograms } from './autogen.ts';
import { readProgram, readValidationActions } from './read-program.ts';
import type { DeclaredFix } from '../types.ts';
import type { CelBinding, CelPolicy } from './types.ts';
import { appendAll } from '../../core/append-all.ts';

/** The CEL policy kinds preadmit evaluates, by kind, with the API groups they belong to. */
export const CEL_POLICY_KINDS: Record<string, { group: string; dialect: CelPolicy['dialect'] }> = {
  ValidatingPolicy: { group: 'policies.kyverno.io/', dialect: 'ValidatingPolicy' },
  NamespacedValidatingPolicy: { group: 'policies.kyverno.io/', dialect: 'ValidatingPolicy' },
  MutatingPolicy: { group: 'policies.kyverno.io/', dialect: 'MutatingPolicy' },
  NamespacedMutatingPolicy: { group: 'policies.kyverno.io/', dialect: 'MutatingPolicy' },
  ValidatingAdmissionPolicy: { group: 'admissionregistration.k8s.io/', dialect: 'ValidatingAdmissionPolicy' },
  MutatingAdmissionPolicy: { group: 'admissionregistration.k8s.io/', dialect: 'MutatingAdmissionPolicy' },
};

export const BINDING_KINDS: Record<string, string> = {
  ValidatingAdmissionPolicyBinding: 'ValidatingAdmissionPolicy',
  MutatingAdmissionPolicyBinding: 'MutatingAdmissionPolicy',
};

/** Is this a CEL policy document preadmit evaluates? */
export function isCelPolicyDocument(object: JsonObject): boolean {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  const entry = CEL_POLICY_KINDS[kind];
  return entry !== undefined && apiVersion.startsWith(entry.group);
}

/** Is this a ValidatingAdmissionPolicyBinding / MutatingAdmissionPolicyBinding? */
export function isBindingDocument(object: JsonObject): boolean {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  return kind in BINDING_KINDS && apiVersion.startsWith('admissionregistration.k8s.io/');
}

/** Read a CEL policy of any of the four kinds; problems say what is wrong with it. */
export function loadCelPolicy(object: JsonObject, name: string, spec: JsonObject): { cel: CelPolicy; problems: string[] } {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const dialect = CEL_POLICY_KINDS[kind]?.dialect ?? 'ValidatingPolicy';
  const problems: string[] = [];
  const jsonMode = dialect === 'ValidatingPolicy' && evaluationMode(spec) === 'JSON';
  const program = readProgram(spec, problems, jsonMode);
  const kyverno = dialect === 'ValidatingPolicy' || dialect === 'MutatingPolicy';
  const programs = [{ name, program }];
  if (kyverno && !jsonMode) appendAll(programs, autogenPrograms(name, spec, program, dialect === 'ValidatingPolicy' ? 'validating' : 'mutating'));
  const cel: CelPolicy = {
    dialect,
    programs,
    validationActions: kyverno ? readValidationActions(spec['validationActions'], ['Deny']) : ['Deny'],
    bindings: [],
  };
  if (jsonMode) cel.jsonMode = true;
  const paramKind = spec['paramKind'];
  if (!kyverno && isObject(paramKind) && typeof paramKind['kind'] === 'string') {
    cel.paramKind = { apiVersion: typeof paramKind['apiVersion'] === 'string' ? paramKind['apiVersion'] : 'v1', kind: paramKind['kind'] };
  }
  if (dialect === 'MutatingPolicy') {
    const existing = readMutateExisting(spec, problems);
    if (existing) cel.mutateExisting = existing;
  }
  if (dialect === 'ValidatingPolicy' && program.validations.length === 0) problems.push('spec.validations is empty: the policy checks nothing');
  if (dialect.startsWith('Mutating') && program.mutations.length === 0) problems.push('spec.mutations is empty: the policy changes nothing');
  return { cel, problems };
}

/** `spec.evaluation.mode` (Kubernetes by default, or JSON). */
function evaluationMode(spec: JsonObject): string {
  const evaluation = isObject(spec['evaluation']) ? spec['evaluation'] : {};
  return typeof evaluation['mode'] === 'string' ? evaluation['mode'] : 'Kubernetes';
}

/** Read a binding; undefined (with a problem) when it names no policy. */
export function readBinding(object: JsonObject, problems: string[]): { policyName: string; binding: CelBinding } | undefined {
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  const spec = isObject(object['spec']) ? object['spec'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  if (typeof spec['policyName'] !== 'string') {
    problems.push(`${String(object['kind'])} "${name}": spec.policyName is required`);
    return undefined;
  }
  const binding: CelBinding = { name, validationActions: readValidationActions(spec['validationActions'], ['Deny']) };
  const match = readMatchResources(spec['matchResources']);
  if (match) binding.match = match;
  const ref = spec['paramRef'];
  if (isObject(ref)) {
    binding.paramRef = { parameterNotFoundAction: ref['parameterNotFoundAction'] === 'Allow' ? 'Allow' : 'Deny' };
    if (typeof ref['name'] === 'string') binding.paramRef.name = ref['name'];
    if (typeof ref['namespace'] === 'string') binding.paramRef.namespace = ref['namespace'];
    if (isObject(ref['selector'])) binding.paramRef.selector = ref['selector'];
  }
  return { policyName: spec['policyName'], binding };
}

/**
 * A mutating CEL policy's mutations are its fixes: in `check`, a resource the policy would
 * change at admission gets a finding whose fix writes the change into the manifest. The fix
 * itself travels on the result (the patched resource); this says each program has one.
 */
export function celMutationFixes(cel: CelPolicy): ReadonlyMap<string, DeclaredFix> | undefined {
  if (cel.dialect !== 'MutatingPolicy' && cel.dialect !== 'MutatingAdmissionPolicy') return undefined;
  return new Map(cel.programs.map((p) => [p.name, { description: 'the mutations of the policy', mutate: {} }]));
}

/** A MutatingPolicy's mutate-existing settings: enabled, and how its targets are selected. */
function readMutateExisting(spec: JsonObject, problems: string[]): CelPolicy['mutateExisting'] {
  const evaluation = isObject(spec['evaluation']) ? spec['evaluation'] : {};
  const existing = isObject(evaluation['mutateExisting']) ? evaluation['mutateExisting'] : {};
  if (existing['enabled'] !== true) return undefined;
  const constraints = spec['targetMatchConstraints'];
  if (!isObject(constraints)) {
    problems.push('spec.evaluation.mutateExisting is enabled but spec.targetMatchConstraints is missing: write the resourceRules or the expression that selects the existing resources to mutate');
    return {};
  }
  if (typeof constraints['expression'] === 'string') return { expression: constraints['expression'] };
  const match = readMatchResources(constraints);
  return match ? { match } : {};
}
