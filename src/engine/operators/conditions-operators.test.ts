import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../core/json.ts';
import { CONDITION_OPERATORS, conditionOperator } from './registry.ts';

function run(name: string, key: JsonValue, value: JsonValue): boolean {
  const op = conditionOperator(name);
  if (!op.ok) throw new Error(op.error);
  return op.value(key, value);
}

describe('operator registry', () => {
  it('resolves every entry, case-insensitively', () => {
    for (const name of Object.keys(CONDITION_OPERATORS)) {
      expect(conditionOperator(name).ok).toBe(true);
      expect(conditionOperator(name.toLowerCase()).ok).toBe(true);
      expect(conditionOperator(name.toUpperCase()).ok).toBe(true);
    }
  });

  it('names an unknown operator in the error', () => {
    const op = conditionOperator('Exists');
    expect(op.ok).toBe(false);
    if (!op.ok) expect(op.error).toContain('"Exists"');
    expect(conditionOperator(undefined).ok).toBe(false);
  });
});

describe('Equals / NotEquals', () => {
  it.each<[JsonValue, JsonValue, boolean]>([
    ['CREATE', 'CREATE', true],
    ['CREATE', 'UPDATE', false],
    ['kube-system', 'kube-*', true],
    ['kube-*', 'kube-system', false],
    ['1Gi', '1024Mi', true],
    ['500m', '0.5', true],
    ['1h', '60m', true],
    ['1h', 3600, true],
    [3600, '1h', true],
    [3, 3, true],
    [3, '3', true],
    [3, '3.0', true],
    [3, 'three', false],
    [true, true, true],
    [true, 'true', false],
    [{ a: 'b' }, { a: 'b' }, true],
    [['a', 'b'], ['a', 'b'], true],
    [['a', 'b'], ['b', 'a'], false],
    ['', '', true],
    ['abc', 3, false],
  ])('%j Equals %j -> %s', (key, value, expected) => {
    expect(run('Equals', key, value)).toBe(expected);
    expect(run('NotEquals', key, value)).toBe(!expected);
    expect(run('Equal', key, value)).toBe(expected);
  });

  it('answers false both ways for a null key, where Kyverno gives up', () => {
    for (const [key, value] of [[null, null], [null, '']] as [JsonValue, JsonValue][]) {
      expect(run('Equals', key, value)).toBe(false);
      expect(run('NotEquals', key, value)).toBe(false);
    }
  });

  it('a quantity key is not equal to a string that is no quantity (kyverno#16276)', () => {
    for (const [key, value] of [['1Gi', 'lots'], ['300Mi', '']] as [JsonValue, JsonValue][]) {
      expect(run('Equals', key, value)).toBe(false);
      expect(run('NotEquals', key, value)).toBe(true);
    }
  });
});

describe('GreaterThan and friends', () => {
  it.each<[string, JsonValue, JsonValue, boolean]>([
    ['GreaterThan', 5, 3, true],
    ['GreaterThan', 3, 3, false],
    ['GreaterThanOrEquals', 3, 3, true],
    ['LessThan', 2, '3', true],
    ['LessThan', '2', 3, true],
    ['LessThanOrEquals', '2.5', '2.5', true],
    ['GreaterThan', '1Gi', '512Mi', true],
    ['LessThan', '500m', '1', true],
    ['GreaterThan', '2h', '90m', true],
    ['GreaterThan', '2h', 3600, true],
    ['LessThan', 30, '1m', true],
    ['GreaterThan', '1.10.0', '1.9.0', true],
    ['GreaterThan', 'abc', 'abd', false],
    ['GreaterThan', null, 1, false],
    ['GreaterThan', 5, null, false],
    ['GreaterThan', 5, 'many', false],
  ])('%s(%j, %j) -> %s', (name, key, value, expected) => {
    expect(run(name, key, value)).toBe(expected);
  });

  it('keeps the deprecated Duration* operators', () => {
    expect(run('DurationGreaterThan', '2h', '1h')).toBe(true);
    expect(run('DurationGreaterThanOrEquals', '1h', 3600)).toBe(true);
    expect(run('DurationLessThan', '30s', '1m')).toBe(true);
    expect(run('DurationLessThanOrEquals', '2m', '1m')).toBe(false);
    expect(run('DurationLessThan', 'soon', '1m')).toBe(false);
  });
});

describe('AnyIn / AllIn / AnyNotIn / AllNotIn', () => {
  it.each<[JsonValue, JsonValue, [boolean, boolean, boolean, boolean]]>([
    // key, value, [AnyIn, AllIn, AnyNotIn, AllNotIn]
    ['CREATE', ['CREATE', 'UPDATE'], [true, true, false, false]],
    ['DELETE', ['CREATE', 'UPDATE'], [false, false, true, true]],
    ['kube-system', ['default', 'kube-*'], [true, true, false, false]],
    ['kube-*', ['kube-system'], [true, true, false, false]],
    [['a', 'b'], ['a', 'c'], [true, false, true, false]],
    [['a', 'b'], ['a', 'b', 'c'], [true, true, false, false]],
    [['x', 'y'], ['a', 'b'], [false, false, true, true]],
    [['kube-system', 'kube-public'], 'kube-*', [true, true, false, false]],
    [['kube-system', 'default'], 'kube-system', [true, false, true, false]],
    [[], ['a'], [false, false, false, true]],
    ['kyverno', 'kyverno', [true, true, false, false]],
    ['kyverno', 'default', [false, false, true, true]],
    [64, '64', [true, true, false, false]],
    [8080, [80, 8080], [true, true, false, false]],
    [true, ['true'], [true, true, false, false]],
    ['b', '["a","b"]', [true, true, false, false]],
    [['a', 'z'], '["a","b"]', [true, false, true, false]],
    [2, '1-3', [true, true, false, false]],
    ['5', '1-3', [false, false, true, true]],
    [[1, 2], '1-3', [true, true, false, false]],
    [[1, 5], '1-3', [true, false, true, false]],
    ['1Gi', '512Mi-2Gi', [true, true, false, false]],
    [5, '1!-3', [true, true, false, false]],
    [null, ['a'], [false, false, false, false]],
    ['a', null, [false, false, false, false]],
    ['a', 3, [false, false, false, false]],
  ])('%j in %j', (key, value, [anyIn, allIn, anyNotIn, allNotIn]) => {
    expect(run('AnyIn', key, value)).toBe(anyIn);
    expect(run('AllIn', key, value)).toBe(allIn);
    expect(run('AnyNotIn', key, value)).toBe(anyNotIn);
    expect(run('AllNotIn', key, value)).toBe(allNotIn);
  });

  it('keeps the deprecated In / NotIn', () => {
    expect(run('In', 'a', ['a', 'b'])).toBe(true);
    expect(run('In', ['a', 'b'], ['a', 'b', 'c'])).toBe(true);
    expect(run('In', ['a', 'x'], ['a', 'b'])).toBe(false);
    expect(run('NotIn', 'x', ['a', 'b'])).toBe(true);
    expect(run('NotIn', ['a', 'x'], ['a', 'b'])).toBe(false);
    expect(run('In', 'dev', '["dev","test"]')).toBe(true);
  });
});
