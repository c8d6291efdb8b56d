import { parseDocument, visit } from 'yaml';
import { describe, expect, it } from 'vitest';
import { eachNode } from './each-node.ts';

describe('eachNode', () => {
  it('reaches the nodes and pairs the package visit reaches, in the same order', () => {
    const doc = parseDocument('a: &x [1, {b: *x}]\n? [k, l]\n: {m: [n, o: p]}\nq:\n- - r\n  - s: ~\nt:\n');
    const visited: unknown[] = [];
    visit(doc, (_key, node) => {
      visited.push(node);
    });
    const reached: unknown[] = [];
    eachNode(doc.contents, (node) => reached.push(node));
    expect(reached.length).toBeGreaterThan(20);
    expect(reached).toEqual(visited.filter((node) => node !== null));
    expect(reached.every((node, i) => node === visited.filter((n) => n !== null)[i])).toBe(true);
  });
});
