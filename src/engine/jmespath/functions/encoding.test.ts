import { describe, expect, it } from 'vitest';
import { failure, value } from '../test-support.ts';

describe('encoding functions', () => {
  it('round-trips base64', () => {
    expect(value("base64_encode('kyverno')")).toBe('a3l2ZXJubw==');
    expect(value("base64_decode('a3l2ZXJubw==')")).toBe('kyverno');
    expect(failure("base64_decode('not base64!')")).toContain('base64');
  });

  it('hashes with sha256', () => {
    expect(value("sha256('abc')")).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('parses JSON and YAML strings', () => {
    expect(value("parse_json('{\"a\": [1, true]}')")).toEqual({ a: [1, true] });
    expect(value('parse_json(`"\\"x\\""`)')).toBe('x');
    expect(failure("parse_json('{')")).toContain('parse_json');
    const data = { cm: { data: { ClusterConfiguration: 'clusterName: prod\nnetworking:\n  podSubnet: 10.0.0.0/16\n' } } };
    expect(value('cm.data.ClusterConfiguration | parse_yaml(@).clusterName', data)).toBe('prod');
    expect(failure("parse_yaml('a: [')")).toContain('parse_yaml');
  });

  it('round-trips JSON through parse_json and to_string', () => {
    for (const text of ['{"a":"b"}', 'true', '[1,2,3,{"a":"b"}]', 'null', '[]', '{}', '0', '1.2']) {
      expect(value(`to_string(parse_json('${text}'))`)).toBe(text);
    }
    expect(value("parse_yaml('bar: >\n  folded\n  text\n')")).toEqual({ bar: 'folded text\n' });
  });
});
