import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/json.ts';
import { matchPointer, resolveSteps, toSteps } from './pointer-match.ts';

const rendered: JsonObject = {
  spec: {
    containers: [
      { name: 'app', image: 'nginx:1.27', env: [{ name: 'MODE', value: 'prod' }], args: ['a', 'b'] },
      { name: 'sidecar', image: 'busybox' },
    ],
  },
};
const source: JsonObject = {
  spec: {
    containers: [
      { name: 'sidecar', image: 'busybox' },
      { name: 'app', image: 'nginx:1.25', env: [{ name: 'MODE', value: 'dev' }], args: ['a', 'b'] },
    ],
  },
};

describe('pointer matching by merge key', () => {
  it('finds a container by name, not by index', () => {
    expect(matchPointer(rendered, '/spec/containers/0/image', source)).toBe('/spec/containers/1/image');
    expect(matchPointer(rendered, '/spec/containers/1/image', source)).toBe('/spec/containers/0/image');
  });

  it('follows nested merge-keyed lists and keeps indices of plain lists', () => {
    expect(matchPointer(rendered, '/spec/containers/0/env/0/value', source)).toBe('/spec/containers/1/env/0/value');
    expect(matchPointer(rendered, '/spec/containers/0/args/1', source)).toBe('/spec/containers/1/args/1');
  });

  it('reports the deepest part that exists when the rest does not', () => {
    const steps = toSteps(rendered, '/spec/containers/0/image');
    expect(steps).toBeDefined();
    const partial = resolveSteps({ spec: { containers: [{ name: 'other' }] } }, steps ?? []);
    expect(partial).toMatchObject({ complete: false, pointer: '/spec/containers' });
  });

  it('gives undefined for a pointer that does not resolve in the first object', () => {
    expect(toSteps(rendered, '/spec/missing')).toBeUndefined();
    expect(matchPointer(rendered, '/spec/containers/5', source)).toBeUndefined();
  });
});
