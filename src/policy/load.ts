import { isArray, isObject, type JsonObject } from '../core/json.ts';
import type { Layer } from '../engine/types.ts';
import type { PointerRanges, Position } from '../manifest/types.ts';
import { autogenRules } from './autogen.ts';
import { attachBindings } from './cel/bindings.ts';
import { celMutationFixes, isCelPolicyDocument, loadCelPolicy } from './cel/load-cel.ts';
import { isImageValidatingPolicyDocument, loadImageValidatingPolicy } from './cel/load-image-policy.ts';
import { readFixes } from './fixes.ts';
import { parseFailureAction, policyMeta } from './meta.ts';
import type { Policy, Rule } from './types.ts';
import { classicPolicyMistakes } from './validate/index.ts';
import { appendAll } from '../core/append-all.ts';

/** A document read from a policy file, with where it came from. */
export interface PolicyDocument {
  object: JsonObject;
  file: string;
  documentIndex: number;
  /** Where each node sits in the file (JSON pointer -> range), to locate problems. */
  ranges?: PointerRanges;
}

export interface PolicyLoadProblem {
  file: string;
  documentIndex: number;
  message: string;
  /** Where in the file, when known: the offending key or value. */
  position?: Position;
}

/** "file:line:col: message" (or "file: message" when the place is not known), as editors and CI logs link to it. */
export function formatPolicyProblem(problem: PolicyLoadProblem): string {
  const at = problem.position ? `${problem.file}:${problem.position.line}:${problem.position.column}` : problem.file;
  return `${at}: ${problem.message}`;
}

/** The position of the node at a pointer, or of its nearest ancestor the ranges know. */
function positionOf(ranges: PointerRanges | undefined, pointer: string): Position | undefined {
  if (!ranges) return undefined;
  for (let at = pointer; ; at = at.slice(0, at.lastIndexOf('/'))) {
    const range = ranges.get(at);
    if (range && range.start.line > 0) return range.start;
    if (at === '') return undefined;
  }
}

export interface LoadedPolicies {
  policies: Policy[];
  problems: PolicyLoadProblem[];
}

const CLASSIC_KINDS = new Set(['ClusterPolicy', 'Policy']);
const CLASSIC_GROUP = 'kyverno.io/';

/** Policy kinds preadmit recognises but cannot evaluate yet, with the reason given on every result. */
const UNSUPPORTED_KINDS: Record<string, string> = {
  GeneratingPolicy: 'GeneratingPolicy is not evaluated by preadmit: it creates other resources',
  NamespacedGeneratingPolicy: 'NamespacedGeneratingPolicy is not evaluated by preadmit: it creates other resources',
  DeletingPolicy: 'DeletingPolicy acts on existing resources and is not evaluated offline',
};

/** Is this document a policy preadmit knows about (evaluable or not)? */
export function isPolicyDocument(object: JsonObject): boolean {
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  if (apiVersion.startsWith(CLASSIC_GROUP) && CLASSIC_KINDS.has(kind)) return true;
  if (isCelPolicyDocument(object) || isImageValidatingPolicyDocument(object)) return true;
  return (
    kind in UNSUPPORTED_KINDS &&
    (apiVersion.startsWith('policies.kyverno.io/') || apiVersion.startsWith('admissionregistration.k8s.io/'))
  );
}

function readRules(spec: JsonObject, where: string): { rules: Rule[]; problems: string[] } {
  const problems: string[] = [];
  const rawRules = spec['rules'];
  if (!isArray(rawRules)) return { rules: [], problems: [`${where}: spec.rules must be a list of rules`] };
  const rules: Rule[] = [];
  const seen = new Set<string>();
  rawRules.forEach((raw, index) => {
    if (!isObject(raw)) {
      problems.push(`${where}: spec.rules[${index}] must be a mapping`);
      return;
    }
    const name = raw['name'];
    if (typeof name !== 'string' || name === '') {
      problems.push(`${where}: spec.rules[${index}] has no name; every Kyverno rule needs a unique name`);
      return;
    }
    // rules a cluster already generated (exported policies) are generated again, as Kyverno does
    if (name.startsWith('autogen-')) return;
    if (seen.has(name)) problems.push(`${where}: rule name "${name}" is used twice; rule names must be unique`);
    seen.add(name);
    rules.push({ name, raw });
  });
  return { rules, problems };
}

interface LoadedOne {
  policy?: Policy;
  problems: string[];
  /** Problems at a place in the document (JSON pointer). */
  located?: { message: string; pointer: string }[];
}

function loadOne(doc: PolicyDocument, defaultLayer: Layer): LoadedOne {
  const { object } = doc;
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const meta = policyMeta(object, defaultLayer, { file: doc.file, documentIndex: doc.documentIndex });
  const where = `${kind} "${meta.name}"`;
  if (meta.name === '') return { problems: [`${kind} without metadata.name`] };
  const spec = isObject(object['spec']) ? object['spec'] : undefined;
  if (!spec) return { problems: [`${where}: spec is missing`] };
  const action = parseFailureAction(spec['validationFailureAction']) ?? 'Audit';
  if (isCelPolicyDocument(object)) {
    const { cel, problems } = loadCelPolicy(object, meta.name, spec);
    const policy: Policy = { meta, action, spec, rules: [], raw: object, cel };
    const fixes = celMutationFixes(cel);
    if (fixes) policy.fixes = fixes;
    return { policy, problems: problems.map((p) => `${where}: ${p}`) };
  }
  if (isImageValidatingPolicyDocument(object)) {
    const { cel, problems } = loadImageValidatingPolicy(meta.name, spec);
    return { policy: { meta, action, spec, rules: [], raw: object, cel }, problems: problems.map((p) => `${where}: ${p}`) };
  }
  const unsupported = UNSUPPORTED_KINDS[kind];
  if (unsupported !== undefined) {
    return { policy: { meta, action, spec, rules: [], raw: object, unsupported }, problems: [] };
  }
  const mistakes = classicPolicyMistakes(object);
  if (mistakes.length > 0) {
    // Kyverno's admission webhook refuses such a policy: it is not loaded, each mistake is reported once
    return {
      problems: [],
      located: mistakes.map((m) => ({
        message: `${where}${m.rule !== undefined ? ` rule "${m.rule}"` : ''}: ${m.message}`,
        pointer: m.pointer,
      })),
    };
  }
  const { rules, problems } = readRules(spec, where);
  const generated = autogenRules(object, rules);
  const policy: Policy = { meta, action, spec, rules: [...rules, ...generated], raw: object };
  const declared = readFixes(object, rules);
  appendAll(problems, declared.problems.map((p) => `${where}: ${p}`));
  if (declared.fixes.size > 0) policy.fixes = declared.fixes;
  return { policy, problems };
}

/**
 * Turn parsed documents into policies. Documents that are not policies are ignored
 * (policy folders also hold tests and sample resources); malformed policies are problems.
 */
export function loadPolicies(documents: readonly PolicyDocument[], defaultLayer: Layer): LoadedPolicies {
  const policies: Policy[] = [];
  const problems: PolicyLoadProblem[] = [];
  for (const doc of documents) {
    if (!isPolicyDocument(doc.object)) continue;
    const loaded = loadOne(doc, defaultLayer);
    if (loaded.policy) policies.push(loaded.policy);
    for (const message of loaded.problems) problems.push({ file: doc.file, documentIndex: doc.documentIndex, message });
    for (const { message, pointer } of loaded.located ?? []) {
      const position = positionOf(doc.ranges, pointer);
      problems.push({ file: doc.file, documentIndex: doc.documentIndex, message, ...(position ? { position } : {}) });
    }
  }
  appendAll(problems, attachBindings(policies, documents));
  return { policies, problems };
}
