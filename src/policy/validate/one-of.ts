import { isArray, isObject, joinPointer, type JsonObject } from '../../core/json.ts';
import type { RuleMistake } from './structure.ts';

const RULE_KINDS = ['validate', 'mutate', 'generate', 'verifyImages'] as const;
const VALIDATE_KINDS = ['pattern', 'anyPattern', 'deny', 'foreach', 'podSecurity', 'cel', 'manifests', 'assert'] as const;
const FOREACH_KINDS = ['pattern', 'anyPattern', 'deny', 'foreach'] as const;

function present(block: JsonObject, keys: readonly string[]): string[] {
  return keys.filter((k) => block[k] !== undefined && block[k] !== null);
}

function exactlyOne(block: JsonObject, pointer: string, keys: readonly string[], what: string): RuleMistake[] {
  const found = present(block, keys);
  const list = keys.map((k) => `\`${k}\``).join(', ');
  if (found.length === 0) return [{ pointer, message: `${what} says nothing to check: give it exactly one of ${list}` }];
  if (found.length > 1) {
    return [{ pointer: joinPointer(pointer, found[1] ?? ''), message: `${what} has both \`${found[0]}\` and \`${found[1]}\`; Kyverno takes exactly one of ${list}: split it into two rules` }];
  }
  return [];
}

function foreachMistakes(items: unknown, pointer: string, skip: (pointer: string) => boolean): RuleMistake[] {
  if (!isArray(items)) return [];
  return items.flatMap((item, i) => {
    const at = joinPointer(pointer, i);
    if (!isObject(item) || skip(at)) return [];
    const what = `the foreach entry ${at.slice(1).replaceAll('/', '.')}`;
    return [...exactlyOne(item, at, FOREACH_KINDS, what), ...foreachMistakes(item['foreach'], joinPointer(at, 'foreach'), skip)];
  });
}

/**
 * A rule does one thing (validate, mutate, generate or verifyImages), and a validate block
 * says what to check in exactly one way. `skip` holds pointers of blocks whose fields are
 * already reported unknown (a typo such as `patern` is that mistake, not a second one).
 */
export function oneOfMistakes(rule: JsonObject, skip: (pointer: string) => boolean): RuleMistake[] {
  const kinds = present(rule, RULE_KINDS);
  if (kinds.length === 0) {
    if (skip('')) return [];
    return [{ pointer: '', message: 'the rule does nothing: give it one of `validate`, `mutate`, `generate` or `verifyImages`' }];
  }
  if (kinds.length > 1) {
    return [{ pointer: `/${kinds[1] ?? ''}`, message: `the rule has both \`${kinds[0]}\` and \`${kinds[1]}\`; a Kyverno rule does one of them: split it into two rules` }];
  }
  const validate = rule['validate'];
  if (!isObject(validate) || skip('/validate')) return [];
  return [...exactlyOne(validate, '/validate', VALIDATE_KINDS, 'validate'), ...foreachMistakes(validate['foreach'], '/validate/foreach', skip)];
}
