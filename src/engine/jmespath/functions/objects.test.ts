import { describe, expect, it } from 'vitest';
import { failure, value } from '../test-support.ts';

const data = { labels: { app: 'web', tier: 'front' }, list: ['a', 'b'] };

describe('object functions', () => {
  it('looks up keys and indexes', () => {
    expect(value("lookup(labels, 'app')", data)).toBe('web');
    expect(value("lookup(labels, 'nope')", data)).toBeNull();
    expect(value('lookup(list, `1`)', data)).toBe('b');
    expect(value('lookup(list, `5`)', data)).toBeNull();
    expect(failure('lookup(labels, `1`)', data)).toContain('lookup');
    expect(failure("lookup('x', 'y')", data)).toContain('Object or Array');
  });

  it('turns maps and lists into items (Kyverno 3-argument items overrides the built-in)', () => {
    expect(value("items(labels, 'key', 'value')", data)).toEqual([{ key: 'app', value: 'web' }, { key: 'tier', value: 'front' }]);
    expect(value("items(list, 'i', 'v')", data)).toEqual([{ i: 0, v: 'a' }, { i: 1, v: 'b' }]);
  });

  it('builds objects from lists', () => {
    expect(value("object_from_lists(['a', 'b', 'c'], [`1`, `2`])")).toEqual({ a: 1, b: 2, c: null });
    expect(value('object_from_lists(`[1, 2]`, `["x", "y"]`)')).toEqual({ '1': 'x', '2': 'y' });
  });

  it('matches labels', () => {
    expect(value("label_match(`{\"app\": \"web\"}`, labels)", data)).toBe(true);
    expect(value("label_match(`{\"app\": \"db\"}`, labels)", data)).toBe(false);
    expect(value('label_match(`{}`, labels)', data)).toBe(true);
    expect(failure("label_match('app', labels)", data)).toContain('label_match');
  });
});
