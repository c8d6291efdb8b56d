import { parse } from 'yaml';
import { isObject, type JsonObject } from '../core/json.ts';
import { autogenRules } from './autogen.ts';
import type { DeclaredFix, Rule } from './types.ts';

export const FIX_ANNOTATION_PREFIX = 'preadmit.dev/fix.';

export interface FixesRead {
  fixes: Map<string, DeclaredFix>;
  problems: string[];
}

function parseBlock(text: string, key: string): { fix?: DeclaredFix; problem?: string } {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return { problem: `annotation ${key} is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!isObject(value)) return { problem: `annotation ${key} must hold a mapping with patchStrategicMerge, patchesJson6902 or foreach` };
  const { description, ...mutate } = value;
  if (!('patchStrategicMerge' in mutate) && !('patchesJson6902' in mutate) && !('foreach' in mutate)) {
    return { problem: `annotation ${key} needs patchStrategicMerge, patchesJson6902 or foreach` };
  }
  return { fix: { description: typeof description === 'string' ? description : 'Apply the policy\'s fix', mutate } };
}

/**
 * Read the fixes a policy declares in its annotations, `preadmit.dev/fix.<rule>: <mutate
 * block as YAML>`, and derive the fixes of the generated controller rules the way Kyverno
 * generates their validate rules (so a Deployment's fix edits its pod template).
 */
export function readFixes(policy: JsonObject, rules: readonly Rule[]): FixesRead {
  const metadata = isObject(policy['metadata']) ? policy['metadata'] : {};
  const annotations = isObject(metadata['annotations']) ? metadata['annotations'] : {};
  const fixes = new Map<string, DeclaredFix>();
  const problems: string[] = [];
  for (const [key, text] of Object.entries(annotations)) {
    if (!key.startsWith(FIX_ANNOTATION_PREFIX) || typeof text !== 'string') continue;
    const ruleName = key.slice(FIX_ANNOTATION_PREFIX.length);
    const rule = rules.find((r) => r.name === ruleName && r.autogen === undefined);
    if (!rule) {
      problems.push(`annotation ${key} names rule "${ruleName}", which the policy does not have`);
      continue;
    }
    const read = parseBlock(text, key);
    if (read.problem) problems.push(read.problem);
    if (!read.fix) continue;
    fixes.set(ruleName, read.fix);
    const synthetic: Rule = { name: ruleName, raw: { name: ruleName, match: rule.raw['match'] ?? {}, ...(rule.raw['exclude'] ? { exclude: rule.raw['exclude'] } : {}), mutate: read.fix.mutate } };
    for (const generated of autogenRules(policy, [synthetic])) {
      const mutate = generated.raw['mutate'];
      if (isObject(mutate)) fixes.set(generated.name, { description: read.fix.description, mutate });
    }
  }
  return { fixes, problems };
}
