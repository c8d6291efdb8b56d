import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@jmespath-community/jmespath';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isObject, type JsonValue } from '../../core/json.ts';
import { ok } from '../../core/outcome.ts';
import { conditionOperator } from '../operators/registry.ts';
import { testJmespath } from './test-support.ts';
import { substituteString } from './template.ts';

const CORPUS = '/work/shared/corpus/kyverno-policies';

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.git')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

interface Found {
  expressions: { file: string; text: string }[];
  operators: { file: string; operator: JsonValue }[];
}

function collect(value: JsonValue, file: string, found: Found, inConditions: boolean): void {
  if (typeof value === 'string') {
    if (value.includes('{{')) found.expressions.push({ file, text: value });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, file, found, inConditions);
    return;
  }
  if (!isObject(value)) return;
  if (inConditions && 'operator' in value && 'key' in value) found.operators.push({ file, operator: value['operator'] ?? null });
  for (const [key, item] of Object.entries(value)) {
    if (key === 'jmesPath' && typeof item === 'string') found.expressions.push({ file, text: `{{${item}}}` });
    collect(item, file, found, inConditions || key === 'preconditions' || key === 'conditions');
  }
}

function policies(): Found {
  const found: Found = { expressions: [], operators: [] };
  for (const file of yamlFiles(CORPUS)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const policy = doc.toJSON() as JsonValue;
      if (!isObject(policy) || typeof policy['apiVersion'] !== 'string' || !policy['apiVersion'].startsWith('kyverno.io/')) continue;
      if (policy['kind'] !== 'ClusterPolicy' && policy['kind'] !== 'Policy') continue;
      collect(policy['spec'] ?? null, file, found, false);
    }
  }
  return found;
}

function functionNames(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => functionNames(n, out));
  else if (node !== null && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (n['type'] === 'Function' && typeof n['name'] === 'string') out.add(n['name']);
    for (const v of Object.values(n)) functionNames(v, out);
  }
  return out;
}

describe.skipIf(!existsSync(CORPUS))('Kyverno policy library', () => {
  const found = existsSync(CORPUS) ? policies() : { expressions: [], operators: [] };
  const jp = testJmespath();

  it('has every variable expression parse, with only known functions', () => {
    expect(found.expressions.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const { file, text } of found.expressions) {
      const result = substituteString(text, (variable) => {
        try {
          const ast = compile(variable, { enable_legacy_literals: true });
          for (const name of functionNames(ast, new Set())) {
            if (!jp.functionNames.includes(name)) problems.push(`${file}: unknown function ${name} in ${variable}`);
          }
        } catch (e) {
          problems.push(`${file}: ${variable}: ${(e as Error).message}`);
        }
        return ok('x');
      });
      if (!result.ok) problems.push(`${file}: ${result.error}`);
    }
    expect(problems).toEqual([]);
  });

  it('has every condition operator known', () => {
    expect(found.operators.length).toBeGreaterThan(50);
    const unknown = found.operators.filter(({ operator }) => !conditionOperator(operator).ok);
    expect(unknown).toEqual([]);
  });
});
