import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../core/json.ts';
import { operatorOf } from './operators.ts';
import { matchScalar, parseGoFloat } from './value.ts';

type Row = [JsonValue | undefined, JsonValue, boolean];

const check = (rows: Row[]): void => {
  it.each(rows)('value %j against %j is %s', (value, pattern, expected) => {
    expect(matchScalar(value, pattern)).toBe(expected);
  });
};

describe('matchScalar: typed patterns', () => {
  describe('booleans match booleans only', () => {
    check([
      [true, true, true],
      [false, true, false],
      ['true', true, false],
      [undefined, false, false],
    ]);
  });
  describe('numbers compare numerically, strings are parsed', () => {
    check([
      [3, 3, true],
      [3, 4, false],
      [1.5, 1.5, true],
      ['3', 3, true],
      ['3.0', 3, true],
      ['1e3', 1000, true],
      ['three', 3, false],
      [' 3', 3, false],
      [true, 1, false],
      [undefined, 0, false],
    ]);
  });
  describe('null matches empty values', () => {
    check([
      [undefined, null, true],
      [null, null, true],
      [0, null, true],
      ['', null, true],
      [false, null, true],
      ['x', null, false],
      [1, null, false],
      [{}, null, false],
      [[], null, false],
    ]);
  });
  describe('an object pattern only requires an object', () => {
    check([
      [{ a: 1 }, { b: 2 }, true],
      ['x', {}, false],
    ]);
  });
  it('a list is never a scalar pattern', () => {
    expect(matchScalar(['a'], ['a'])).toBe(false);
  });
});

describe('matchScalar: string patterns', () => {
  describe('wildcards', () => {
    check([
      ['nginx:1.25', '*:*', true],
      ['nginx', '*:*', false],
      ['', '?*', false],
      [undefined, '?*', false],
      ['x', '?*', true],
      [undefined, '*', false],
      [null, '*', false],
      [8080, '80*', true],
      [true, 'true', true],
      [false, 'f*', true],
      [{ a: 1 }, '*', false],
    ]);
  });
  describe('negation', () => {
    check([
      ['nginx:latest', '!*:latest', false],
      ['nginx:1.0', '!*:latest', true],
      ['Always', '!Always', false],
      [undefined, '!Always', false],
      [true, '!true', false],
      [false, '!true', true],
    ]);
  });
  describe('alternatives and conjunctions', () => {
    check([
      ['RuntimeDefault', 'RuntimeDefault | Localhost', true],
      ['Localhost', 'RuntimeDefault | Localhost', true],
      ['Unconfined', 'RuntimeDefault | Localhost', false],
      ['nginx:1.0', '!*:latest & !*:dev', true],
      ['nginx:dev', '!*:latest & !*:dev', false],
      ['a|b', 'a|b', true], // an exact match wins before splitting
      [5, '<3 | >4', true],
      [3.5, '<3 | >4', false],
    ]);
  });
  describe('numeric comparisons (quantities)', () => {
    check([
      [5, '>4', true],
      [4, '>4', false],
      [4, '>=4', true],
      ['4', '<=4', true],
      [0, '>0', false],
      [1000, '>= 1000', true],
      ['500m', '<1', true],
      ['1500m', '<1', false],
      ['2Gi', '<=2048Mi', true],
      ['2Gi', '<2048Mi', false],
      ['1Gi', '1024Mi', true],
      ['1Gi', '!1024Mi', false],
      ['512Mi', '!1Gi', true],
      [0.5, '<1', true],
      [undefined, '<5', true], // Kyverno reads an absent value as 0 for numeric operators
      [undefined, '>0', false],
      ['abc', '>1', false], // ordering operators never compare strings
      [true, '>0', false],
    ]);
  });
  describe('durations', () => {
    check([
      ['30m', '<1h', true],
      ['2h', '<=1h30m', false],
      ['90m', '1h30m', true],
      ['90m', '!1h30m', false],
      ['500ms', '>=1s', false],
      ['0', '0', true],
    ]);
  });
  describe('ranges', () => {
    check([
      [5, '1-10', true],
      [1, '1-10', true],
      [10, '1-10', true],
      [11, '1-10', false],
      ['0', '1-10', false],
      ['1.5Gi', '1Gi-2Gi', true],
      ['3Gi', '1Gi-2Gi', false],
      [0, '1!-10', true],
      [5, '1!-10', false],
      [11, '1!-10', true],
      [-5, '-10--1', true],
      [443, '80-80 | 443-443', true],
      ['80-90', '80-90', true], // the exact string matches first
    ]);
  });
  describe('number formatting in string comparisons', () => {
    check([
      [0.5, '5E*', true], // Go renders non-integral floats as 5E-01
      [1.25, '1.25E+*', true],
      [0.5, '5E-01', false], // reads as the range 5E..01, as in Kyverno
      [12, '12', true],
    ]);
  });
});

describe('operatorOf', () => {
  it.each([
    ['>=1', '>='],
    ['<=1', '<='],
    ['>1', '>'],
    ['<1', '<'],
    ['!x', '!'],
    ['1-5', 'range'],
    ['1Mi!-5Mi', 'not-range'],
    ['>', ''],
    ['a-b', ''],
    ['nginx', ''],
  ])('%j has operator %j', (condition, op) => {
    expect(operatorOf(condition)).toBe(op);
  });
});

describe('parseGoFloat', () => {
  it('accepts Go float syntax and rejects the rest', () => {
    expect(parseGoFloat('1.5')).toBe(1.5);
    expect(parseGoFloat('-2e3')).toBe(-2000);
    expect(parseGoFloat('+Inf')).toBe(Infinity);
    expect(parseGoFloat('0x10')).toBeUndefined();
    expect(parseGoFloat('')).toBeUndefined();
    expect(parseGoFloat('1.5Gi')).toBeUndefined();
  });
});
