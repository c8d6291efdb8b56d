import { describe, expect, it } from 'vitest';
import { locatePointer } from '../locate/locate.ts';
import { parseManifestText } from './parse.ts';

const COUNT = 10_000;
const deployment = (i: number): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
spec:
  template:
    spec:
      containers:
      - name: app
        image: registry.example.com/app-${i}:1.0
        resources: {limits: {memory: 256Mi}}
`;

describe('a 10,000-resource multi-document file', () => {
  it('keeps every resource with exact document indices and positions', { timeout: 120_000 }, () => {
    const text = Array.from({ length: COUNT }, (_, i) => deployment(i)).join('---\n');
    const result = parseManifestText('big.yaml', text);
    expect(result.problems).toEqual([]);
    expect(result.resources).toHaveLength(COUNT);
    const lines = text.split('\n');
    for (const i of [0, 1, 4_321, COUNT - 1]) {
      const resource = result.resources[i];
      expect(resource?.origin.documentIndex).toBe(i);
      const { range } = locatePointer(resource!.origin, '/spec/template/spec/containers/0/image');
      // Each document is 11 lines plus its `---` separator.
      expect(range.start.line).toBe(i * 12 + 10);
      expect(lines[range.start.line - 1]).toBe(`        image: registry.example.com/app-${i}:1.0`);
    }
  });
});
