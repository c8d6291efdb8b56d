import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { PointerIndex } from './pointer-index.ts';

describe('PointerIndex', () => {
  it('finds the pointer of an element by identity', () => {
    const resource: JsonObject = { spec: { containers: [{ name: 'a' }, { name: 'b/c' }] } };
    const index = new PointerIndex(resource);
    const containers = (resource['spec'] as JsonObject)['containers'] as JsonObject[];
    expect(index.pointerOf(containers[1])).toBe('/spec/containers/1');
    expect(index.pointerOf(containers)).toBe('/spec/containers');
    expect(index.pointerOf({ name: 'a' })).toBeUndefined();
    expect(index.pointerOf('a')).toBeUndefined();
  });
});
