import { describe, expect, it } from 'vitest';
import { failure, value } from '../test-support.ts';

describe('string functions', () => {
  it.each([
    ["compare('a', 'b')", -1], ["compare('b', 'a')", 1], ["compare('a', 'a')", 0],
    ["equal_fold('Go', 'GO')", true], ["equal_fold('Go', 'Ga')", false],
    ["replace('aaaa', 'a', 'b', `2`)", 'bbaa'], ["replace('aaaa', 'a', 'b', `-1`)", 'bbbb'],
    ["replace_all('a.b.c', '.', '/')", 'a/b/c'],
    ["to_upper('abc')", 'ABC'], ["to_lower('ABC')", 'abc'],
    ["trim('--a-b--', '-')", 'a-b'], ["trim('  x ', ' ')", 'x'],
    ["trim_prefix('docker.io/nginx', 'docker.io/')", 'nginx'], ["trim_prefix('nginx', 'docker.io/')", 'nginx'],
    ["split('a,b,,c', ',')", ['a', 'b', '', 'c']], ["split('abc', '')", ['a', 'b', 'c']],
    ["regex_match('^[0-9]+%$', '50%')", true], ["regex_match('^[0-9]+%$', '50')", false],
    ["regex_match('^[0-9]+$', `42`)", true], ["regex_match('(?i)^abc$', 'ABC')", true],
    ["regex_replace_all('^(localhost/|(?:[a-z0-9]+\\.)+[a-z0-9]+/)?(.*)$', 'ghcr.io/org/app:1', 'myregistry.corp.com/$2')", 'myregistry.corp.com/org/app:1'],
    ["regex_replace_all('([a-z]+)-(?P<n>[0-9]+)', 'abc-12 de-3', '${n}_$1')", '12_abc 3_de'],
    ["regex_replace_all_literal('[0-9]+', 'a1b22', '$1')", 'a$1b$1'],
    ["regex_replace_all('x', `12`, 'y')", '12'],
    ["pattern_match('kube-*', 'kube-system')", true], ["pattern_match('a?c', 'abbc')", false], ["pattern_match('8*', `80`)", true],
    ["path_canonicalize('/a//b/./c/../d/')", '/a/b/d'], ["path_canonicalize('')", ''], ["path_canonicalize('a/..')", '.'],
    ["truncate('kyverno', `3`)", 'kyv'], ["truncate('ky', `9`)", 'ky'], ["truncate('ky', `-1`)", ''],
    ["to_boolean('TruE')", true], ["to_boolean('false')", false],
    ["trim('¡¡¡Hello, Gophers!!!', '!¡')", 'Hello, Gophers'], ["trim_prefix('¡¡¡Hello, Gophers!!!', '¡¡¡Hello, ')", 'Gophers!!!'],
    ["regex_replace_all('([Hh]e|G)l', 'Hello world, helworldlo', '${2}G')", 'Glo world, Gworldlo'],
    ["regex_replace_all_literal('[Hh]el?', 'Hello world, helworldlo', 'G')", 'Glo world, Gworldlo'],
    ["regex_match('12.*', abs(`-12`))", true], ["pattern_match('12*', abs(`-12`))", true],
    ["path_canonicalize('///')", '/'], ["path_canonicalize('/var/run///containerd////')", '/var/run/containerd'],
    ["path_canonicalize('/run/../etc')", '/etc'], ["path_canonicalize('///etc*')", '/etc*'], ["path_canonicalize('/../../')", '/'],
    ["truncate('Lorem ipsum', `2.6`)", 'Lo'], ["truncate('Lorem ipsum ipsum', `11`)", 'Lorem ipsum'],
  ])('%s', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });

  it('formats numbers as Go float32 text in regex functions', () => {
    expect(value("regex_replace_all('0', `100`, 'x')")).toBe('1xx');
    expect(value("regex_match('^123456790$', `123456789`)")).toBe(true);
  });

  it('fails with Kyverno-style messages', () => {
    expect(failure("to_upper(`1`)")).toContain("JMESPath function 'to_upper': 1 argument is expected of String type");
    expect(failure("to_boolean('yes')")).toContain("must be 'true' or 'false'");
    expect(failure("regex_match('(', 'x')")).toContain("JMESPath function 'regex_match'");
    expect(failure("replace('a', 'a', 'b')")).toBeTruthy();
  });
});
