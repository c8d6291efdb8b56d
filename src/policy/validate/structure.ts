import { escapePointerSegment, fromPointer, getAtPointer, type JsonObject, type JsonValue } from '../../core/json.ts';
import { CONDITION_OPERATORS, conditionOperator } from '../../engine/operators/registry.ts';
import { dottedPath } from '../../config/problems.ts';
import { patternMistakes } from './pattern-keys.ts';
import { POLICY_SCHEMA, RULE_SCHEMA } from './rule-schema.ts';
import { checkSchema, type Schema, type SchemaError } from './schema-check.ts';
import { closest } from './suggest.ts';

/** A mistake in a rule: the JSON pointer of the offending key (relative to the rule) and what to do. */
export interface RuleMistake {
  pointer: string;
  message: string;
}

const KEYWORDS = {
  conditionOperator: (_value: unknown, data: JsonValue): { pointer: string; message: string }[] => {
    if (typeof data !== 'string' || conditionOperator(data).ok) return [];
    const known = Object.keys(CONDITION_OPERATORS).filter((name) => !['Equal', 'NotEqual'].includes(name));
    const suggestion = closest(data, known);
    const fix = suggestion !== undefined ? `write \`${suggestion}\`` : `write one of ${known.join(', ')}`;
    return [{ pointer: '', message: `unknown condition operator \`${data}\`: ${fix}` }];
  },
  patternKeys: (value: unknown, data: JsonValue): { pointer: string; message: string }[] => patternMistakes(data, value === 'mutate' ? 'mutate' : 'validate'),
};

function where(pointer: string): string {
  const segments = fromPointer(pointer);
  return segments.length === 0 ? 'the rule' : dottedPath(segments);
}

const TYPE_NAMES: Record<string, string> = { array: 'a list', object: 'a mapping', string: 'a string', boolean: 'true or false', 'array,object': 'a list or a mapping' };

function unknownField(error: SchemaError): RuleMistake {
  const field = String((error.params as { additionalProperty?: unknown }).additionalProperty);
  const properties = Object.keys(error.parentSchema.properties ?? {});
  const pointer = `${error.instancePath}/${escapePointerSegment(field)}`;
  const suggestion = closest(field, properties);
  const here = where(error.instancePath);
  if (suggestion === 'kinds') {
    return { pointer, message: `unknown field \`${field}\` in ${here}: write \`kinds\`, a list (\`kinds: [Deployment]\`); Kyverno refuses the policy as it is` };
  }
  const fix = suggestion !== undefined ? `write \`${suggestion}\` instead` : `remove it, or use one of ${properties.join(', ')}`;
  return { pointer, message: `unknown field \`${field}\` in ${here}: ${fix}; Kyverno refuses the policy as it is` };
}

function toMistake(error: SchemaError, rule: JsonObject): RuleMistake | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownField(error);
    case 'required':
      if (params['missingProperty'] === 'match') {
        return {
          pointer: error.instancePath,
          message: 'the rule has no `match`, so Kyverno refuses it (it would select nothing); add the resources it is about, e.g. `match: {any: [{resources: {kinds: [Pod]}}]}`',
        };
      }
      return { pointer: error.instancePath, message: `${where(error.instancePath)} needs \`${String(params['missingProperty'])}\`` };
    case 'type': {
      const wanted = TYPE_NAMES[String(params['type'])] ?? String(params['type']);
      const value = getAtPointer(rule, error.instancePath);
      // YAML reads `no`, `yes`, `on`, `off` and numbers as other types: quoting keeps them text
      const example =
        wanted === 'a list' && typeof value === 'string' ? ` (\`[${value}]\`)` : wanted === 'a string' && (typeof value === 'boolean' || typeof value === 'number') ? ` (YAML read \`${String(value)}\` as ${typeof value}: put the text in quotes)` : '';
      return { pointer: error.instancePath, message: `${where(error.instancePath)} must be ${wanted}${example}` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const value = getAtPointer(rule, error.instancePath);
      const suggestion = typeof value === 'string' ? closest(value, allowed) : undefined;
      const fix = suggestion !== undefined ? `write \`${suggestion}\`` : `write one of ${allowed.join(', ')}`;
      return { pointer: error.instancePath, message: `${where(error.instancePath)} is \`${JSON.stringify(value ?? null)}\`, which Kyverno does not accept: ${fix}` };
    }
    case 'conditionOperator':
    case 'patternKeys':
      return { pointer: `${error.instancePath}${String(params['pointer'] ?? '')}`, message: error.message ?? 'invalid' };
    default:
      // anyOf/oneOf-style summaries of errors already reported
      return undefined;
  }
}

function schemaMistakes(schema: Schema, value: JsonObject): RuleMistake[] {
  const mistakes: RuleMistake[] = [];
  const seen = new Set<string>();
  for (const error of checkSchema(schema, value, KEYWORDS)) {
    const mistake = toMistake(error, value);
    if (!mistake) continue;
    const key = `${mistake.pointer}\0${mistake.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    mistakes.push(mistake);
  }
  return mistakes;
}

/** The structural mistakes of one rule, as Kyverno's admission webhook refuses them. */
export function structureMistakes(rule: JsonObject): RuleMistake[] {
  return schemaMistakes(RULE_SCHEMA as Schema, rule);
}

/** The mistakes of a policy's spec outside its rules (pointers from the document root). */
export function specMistakes(policy: JsonObject): RuleMistake[] {
  return schemaMistakes(POLICY_SCHEMA as Schema, policy);
}
