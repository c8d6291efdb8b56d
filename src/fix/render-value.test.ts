import { describe, expect, it } from 'vitest';
import { flowText, itemLines, pairLines, type Layout } from './render-value.ts';

const layout: Layout = { unit: 4, seqOffset: 0, quote: 'double', json: false };

describe('block and flow rendering', () => {
  it('nests mappings by the unit and sequences by the offset', () => {
    expect(pairLines('resources', { limits: { memory: '128Mi' }, args: ['a', 'b'] }, 2, layout)).toEqual([
      '  resources:',
      '      limits:',
      '          memory: 128Mi',
      '      args:',
      '      - a',
      '      - b',
    ]);
    expect(pairLines('args', ['a'], 0, { ...layout, unit: 2, seqOffset: 2 })).toEqual(['args:', '  - a']);
  });

  it('starts mapping items on the dash line and writes empty collections in flow style', () => {
    expect(itemLines({ name: 'x', ports: [{ containerPort: 80 }], env: [] }, 4, layout)).toEqual([
      '    - name: x',
      '      ports:',
      '      - containerPort: 80',
      '      env: []',
    ]);
    expect(itemLines([1, [2]], 0, layout)).toEqual(['- - 1', '  - - 2']);
    expect(itemLines({}, 0, layout)).toEqual(['- {}']);
  });

  it('writes flow collections on one line, JSON in JSON mode', () => {
    expect(flowText({ a: [1, 'x y'], 'b,c': 'on' }, layout)).toBe('{a: [1, x y], "b,c": "on"}');
    expect(flowText({ a: [1, 'x'] }, { ...layout, json: true })).toBe('{"a": [1, "x"]}');
  });
});
