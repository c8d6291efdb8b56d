import { getCustomFunctions, search } from '@jmespath-community/jmespath';
import { describe, expect, it } from 'vitest';
import { KYVERNO_FUNCTIONS, createKyvernoJmespath } from './registry.ts';
import { failure, testJmespath, value } from './test-support.ts';

const DOCUMENTED = [
  'compare', 'equal_fold', 'replace', 'replace_all', 'to_upper', 'to_lower', 'trim', 'trim_prefix', 'split',
  'regex_replace_all', 'regex_replace_all_literal', 'regex_match', 'pattern_match', 'label_match', 'add', 'subtract',
  'multiply', 'divide', 'modulo', 'round', 'sum', 'base64_decode', 'base64_encode', 'path_canonicalize', 'truncate',
  'semver_compare', 'parse_json', 'parse_yaml', 'lookup', 'items', 'object_from_lists', 'random', 'x509_decode',
  'time_since', 'time_now', 'time_now_utc', 'time_add', 'time_parse', 'time_to_cron', 'time_utc', 'time_diff',
  'time_before', 'time_after', 'time_between', 'time_truncate', 'to_boolean', 'is_external_url', 'sha256', 'sha1', 'md5', 'image_normalize',
];

describe('createKyvernoJmespath', () => {
  it('registers every documented Kyverno function, each once', () => {
    const names = KYVERNO_FUNCTIONS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...DOCUMENTED].sort());
    const jp = testJmespath();
    for (const name of DOCUMENTED) expect(jp.functionNames).toContain(name);
  });

  it('checks the arity of every function', () => {
    const jp = testJmespath();
    for (const fn of KYVERNO_FUNCTIONS) {
      const args = Array.from({ length: fn.arity + 1 }, () => "'x'").join(', ');
      expect(jp.search(`${fn.name}(${args})`, {}).ok, fn.name).toBe(false);
    }
  });

  it('leaves the library global function table alone', () => {
    createKyvernoJmespath();
    expect(getCustomFunctions()).toEqual([]);
    expect(() => search({}, "to_upper('a')")).toThrow();
  });

  it('keeps the standard JMESPath functions', () => {
    expect(value("length('abc')")).toBe(3);
    expect(value('keys(`{"b": 1, "a": 2}`) | sort(@)')).toEqual(['a', 'b']);
    expect(value("contains(`[\"a\", \"*\"]`, '*')")).toBe(true);
    expect(value('to_string(`{"a": 1}`)')).toBe('{"a":1}');
    expect(value("merge(`{\"a\": 1}`, {b: 'x'})")).toEqual({ a: 1, b: 'x' });
    expect(value("starts_with('kube-system', 'kube-')")).toBe(true);
    expect(value("to_number('42')")).toBe(42);
  });

  it('accepts legacy literals without JSON quotes, as go-jmespath does', () => {
    expect(value('`abc`')).toBe('abc');
    expect(value('`[]`')).toEqual([]);
  });

  it('reports syntax errors and unknown functions', () => {
    expect(failure('a.[')).toContain('incorrect query a.[');
    expect(failure('no_such_function(@)')).toContain('no_such_function');
  });
});
