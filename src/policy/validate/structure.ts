import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { escapePointerSegment, fromPointer, getAtPointer, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { CONDITION_OPERATORS, conditionOperator } from '../../engine/operators/registry.ts';
import { dottedPath } from '../../config/problems.ts';
import { patternMistakes } from './pattern-keys.ts';
import { RULE_SCHEMA } from './rule-schema.ts';
import { closest } from './suggest.ts';

/** A mistake in a rule: the JSON pointer of the offending key (relative to the rule) and what to do. */
export interface RuleMistake {
  pointer: string;
  message: string;
}

interface KeywordError {
  keyword: string;
  message: string;
  params: { pointer: string };
}
type Checker = ((schema: unknown, data: unknown) => boolean) & { errors?: KeywordError[] };

const operatorCheck: Checker = (_schema, data) => {
  operatorCheck.errors = [];
  if (typeof data !== 'string' || conditionOperator(data).ok) return true;
  const known = Object.keys(CONDITION_OPERATORS).filter((name) => !['Equal', 'NotEqual'].includes(name));
  const suggestion = closest(data, known);
  const fix = suggestion !== undefined ? `write \`${suggestion}\`` : `write one of ${known.join(', ')}`;
  operatorCheck.errors = [{ keyword: 'conditionOperator', message: `unknown condition operator \`${data}\`: ${fix}`, params: { pointer: '' } }];
  return false;
};

const patternCheck: Checker = (schema, data) => {
  const mistakes = patternMistakes((data ?? null) as JsonValue, schema === 'mutate' ? 'mutate' : 'validate');
  patternCheck.errors = mistakes.map((m) => ({ keyword: 'patternKeys', message: m.message, params: { pointer: m.pointer } }));
  return mistakes.length === 0;
};

let compiled: ValidateFunction | undefined;
function ruleValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  ajv.addKeyword({ keyword: 'conditionOperator', validate: operatorCheck, errors: true });
  ajv.addKeyword({ keyword: 'patternKeys', validate: patternCheck, errors: true });
  compiled = ajv.compile(RULE_SCHEMA);
  return compiled;
}

function where(pointer: string): string {
  const segments = fromPointer(pointer);
  return segments.length === 0 ? 'the rule' : dottedPath(segments);
}

const TYPE_NAMES: Record<string, string> = { array: 'a list', object: 'a mapping', string: 'a string', boolean: 'true or false', 'array,object': 'a list or a mapping' };

function unknownField(error: ErrorObject): RuleMistake {
  const field = String((error.params as { additionalProperty?: unknown }).additionalProperty);
  const properties = isObject(error.parentSchema?.['properties']) ? Object.keys(error.parentSchema['properties'] as JsonObject) : [];
  const pointer = `${error.instancePath}/${escapePointerSegment(field)}`;
  const suggestion = closest(field, properties);
  const here = where(error.instancePath);
  if (suggestion === 'kinds') {
    return { pointer, message: `unknown field \`${field}\` in ${here}: write \`kinds\`, a list (\`kinds: [Deployment]\`); Kyverno refuses the policy as it is` };
  }
  const fix = suggestion !== undefined ? `write \`${suggestion}\` instead` : `remove it, or use one of ${properties.join(', ')}`;
  return { pointer, message: `unknown field \`${field}\` in ${here}: ${fix}; Kyverno refuses the policy as it is` };
}

function toMistake(error: ErrorObject, rule: JsonObject): RuleMistake | undefined {
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

/** The structural mistakes of one rule, as Kyverno's admission webhook refuses them. */
export function structureMistakes(rule: JsonObject): RuleMistake[] {
  const validate = ruleValidator();
  if (validate(rule)) return [];
  const mistakes: RuleMistake[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const mistake = toMistake(error, rule);
    if (!mistake) continue;
    const key = `${mistake.pointer}\0${mistake.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    mistakes.push(mistake);
  }
  return mistakes;
}
