import { isArray, isObject, joinPointer, type JsonObject } from '../../core/json.ts';
import { expressionMistakes } from './expressions.ts';
import { oneOfMistakes } from './one-of.ts';
import { specMistakes, structureMistakes, type RuleMistake } from './structure.ts';

/** A mistake in a policy document: the JSON pointer (from the document root) and what to do. */
export interface PolicyMistake {
  pointer: string;
  /** The rule's name, when the mistake is inside a named rule. */
  rule?: string;
  message: string;
}

function parentOf(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
}

/** The mistakes of one rule, pointers relative to the rule; one per mistake. */
export function ruleMistakes(rule: JsonObject): RuleMistake[] {
  const structure = structureMistakes(rule);
  // a block with an unknown field (a typo of a known one) is reported for that field only
  const typoBlocks = new Set(structure.filter((m) => m.message.startsWith('unknown field')).map((m) => parentOf(m.pointer)));
  const oneOf = oneOfMistakes(rule, (pointer) => typoBlocks.has(pointer));
  const located = new Set(structure.map((m) => m.pointer));
  const expressions = expressionMistakes(rule).filter((m) => !located.has(m.pointer));
  return [...structure, ...oneOf, ...expressions];
}

/**
 * Check the rules of a classic Kyverno policy (ClusterPolicy / Policy) as Kyverno's
 * admission webhook would before accepting it: the fields it knows (in the spec and in every
 * rule), `match` on every rule, exactly one way to validate, operators, anchors and JMESPath
 * expressions that parse.
 */
export function classicPolicyMistakes(policy: JsonObject): PolicyMistake[] {
  const spec = policy['spec'];
  if (!isObject(spec)) return [];
  const mistakes: PolicyMistake[] = specMistakes(policy);
  if (!isArray(spec['rules'])) return mistakes;
  spec['rules'].forEach((rule, index) => {
    if (!isObject(rule)) return;
    const base = joinPointer('/spec/rules', index);
    const name = typeof rule['name'] === 'string' ? rule['name'] : undefined;
    for (const m of ruleMistakes(rule)) mistakes.push({ pointer: base + m.pointer, message: m.message, ...(name !== undefined ? { rule: name } : {}) });
  });
  return mistakes;
}
