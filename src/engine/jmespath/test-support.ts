import { expect } from 'vitest';
import type { JsonValue } from '../../core/json.ts';
import { createKyvernoJmespath, type KyvernoJmespath } from './registry.ts';

/** An evaluator with a fixed clock (2024-03-10T12:34:56Z) and a fixed random source, for tests. */
export function testJmespath(random = 0.5): KyvernoJmespath {
  return createKyvernoJmespath({ now: () => new Date('2024-03-10T12:34:56Z'), random: () => random });
}

export function value(expression: string, data: JsonValue = {}, jp: KyvernoJmespath = testJmespath()): JsonValue {
  const result = jp.search(expression, data);
  if (!result.ok) throw new Error(`${expression}: ${result.error}`);
  return result.value;
}

export function failure(expression: string, data: JsonValue = {}, jp: KyvernoJmespath = testJmespath()): string {
  const result = jp.search(expression, data);
  expect(result.ok, `${expression} should fail`).toBe(false);
  return result.ok ? '' : result.error;
}
