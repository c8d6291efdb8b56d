import type { ErrorObject } from 'ajv';
import { configValidator } from './config-validator.ts';
import { CONFIG_SCHEMA } from './schema.ts';
import type { Document, LineCounter } from 'yaml';
import { fromPointer } from '../core/json.ts';
import { locateKey } from './locate-key.ts';
import { dottedPath } from './problems.ts';
import type { ConfigProblem } from './problems.ts';

/** Check a parsed configuration against CONFIG_SCHEMA; every problem points at its key. */
export function validateConfig(value: unknown, doc: Document, lines: LineCounter, file: string): ConfigProblem[] {
  const validate = configValidator();
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = toProblem(error, doc, lines, file);
    const key = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
}

function toProblem(error: ErrorObject, doc: Document, lines: LineCounter, file: string): ConfigProblem {
  const segments = fromPointer(error.instancePath);
  const where = segments.length === 0 ? 'the configuration' : dottedPath(segments);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
    const key = String(params['additionalProperty']);
    const allowed = allowedKeys(segments);
    const hint = allowed.length > 0 ? ` (known keys: ${allowed.join(', ')})` : '';
    const pointer = `${error.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return { file, pointer, range: locateKey(doc, lines, error.instancePath, key), message: `Unknown key "${key}" in ${where}${hint}.` };
  }
  const range = locateKey(doc, lines, error.instancePath);
  const pointer = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return { file, pointer, range, message: `${where} needs "${String(params['missingProperty'])}".` };
    case 'enum':
      return { file, pointer, range, message: `${where} must be one of ${(params['allowedValues'] as unknown[]).join(', ')}.` };
    case 'type':
      return { file, pointer, range, message: `${where} must be ${article(String(params['type']))}.` };
    case 'pattern':
      return { file, pointer, range, message: `${where} is not valid here (${patternHint(segments)}).` };
    default:
      return { file, pointer, range, message: `${where} ${error.message ?? 'is invalid'}.` };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function patternHint(segments: readonly string[]): string {
  const last = segments[segments.length - 1];
  if (last === '_extends') return 'expected "repo", "owner/repo" or "owner/repo:path"';
  if (last === 'organisation') return 'expected "owner/repo"';
  if (segments[0] === 'allowedRegistries') return 'expected a wildcard pattern matched against the whole image, such as ghcr.io/acme/*; a prefix ending in "/" matches no image';
  return 'expected a Kubernetes quantity such as 100m, 128Mi or 1Gi';
}

/** Keys the schema allows at a place, for the "did you mean" hint. */
function allowedKeys(segments: readonly string[]): string[] {
  let schema: unknown = CONFIG_SCHEMA;
  for (const segment of segments) {
    const node = schema as { properties?: Record<string, unknown>; items?: unknown; additionalProperties?: unknown };
    if (/^\d+$/.test(segment) && node.items !== undefined) schema = node.items;
    else if (node.properties?.[segment] !== undefined) schema = node.properties[segment];
    else if (typeof node.additionalProperties === 'object') schema = node.additionalProperties;
    else return [];
  }
  return Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
}
