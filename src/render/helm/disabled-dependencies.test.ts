import { describe, expect, it } from 'vitest';
import { dependencyEnabled } from './disabled-dependencies.ts';

describe('dependencyEnabled (as helm decides)', () => {
  it('follows the condition path when it holds a boolean, and is on without one', () => {
    const dep = { name: 'cache', condition: 'cache.enabled' };
    expect(dependencyEnabled(dep, { cache: { enabled: false } })).toBe(false);
    expect(dependencyEnabled(dep, { cache: { enabled: true } })).toBe(true);
    expect(dependencyEnabled(dep, {})).toBe(true);
    expect(dependencyEnabled(dep, { cache: { enabled: 'false' } })).toBe(true);
    expect(dependencyEnabled({ name: 'cache' }, { cache: { enabled: false } })).toBe(true);
  });

  it('takes the first condition path that holds a boolean; paths after a comma are not trimmed', () => {
    expect(dependencyEnabled({ name: 'a', condition: 'a.enabled,global.a.enabled' }, { a: { enabled: 'yes' }, global: { a: { enabled: false } } })).toBe(false);
    expect(dependencyEnabled({ name: 'a', condition: 'a.enabled,global.a.enabled' }, { a: { enabled: true }, global: { a: { enabled: false } } })).toBe(true);
    // " global.a.enabled" (with its space) names no value, as in helm
    expect(dependencyEnabled({ name: 'a', condition: 'a.enabled, global.a.enabled' }, { global: { a: { enabled: false } } })).toBe(true);
  });

  it('turns a dependency off when its tags are false and none true; a condition overrides the tags', () => {
    expect(dependencyEnabled({ name: 'a', tags: ['x'] }, { tags: { x: false } })).toBe(false);
    expect(dependencyEnabled({ name: 'a', tags: ['x', 'y'] }, { tags: { x: false, y: true } })).toBe(true);
    expect(dependencyEnabled({ name: 'a', tags: ['x'] }, { tags: { z: false } })).toBe(true);
    expect(dependencyEnabled({ name: 'a', tags: ['x'], condition: 'a.enabled' }, { tags: { x: false }, a: { enabled: true } })).toBe(true);
    expect(dependencyEnabled({ name: 'a', tags: ['x'], condition: 'a.enabled' }, { tags: { x: true }, a: { enabled: false } })).toBe(false);
  });
});
