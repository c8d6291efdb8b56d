import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../manifest/parse.ts';
import { locatePointer } from './locate.ts';

const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        securityContext:
          runAsNonRoot: true
`;
const origin = parseManifestText('d.yaml', text).resources[0]!.origin;
const lineOf = (pointer: string): string => text.split('\n')[locatePointer(origin, pointer).range.start.line - 1] ?? '';

describe('locatePointer', () => {
  it('locates a mapping entry on the line of its key', () => {
    const located = locatePointer(origin, '/spec/template/spec/containers/0/image');
    expect(located.exact).toBe(true);
    expect(located.range.start).toEqual({ line: 10, column: 9 });
    expect(lineOf('/spec/template/spec/containers/0/securityContext')).toContain('securityContext:');
    expect(lineOf('/spec/template/spec/containers/0/securityContext/runAsNonRoot')).toContain('runAsNonRoot:');
  });

  it('locates a sequence item at the item', () => {
    const located = locatePointer(origin, '/spec/template/spec/containers/0');
    expect(located).toMatchObject({ exact: true, range: { start: { line: 9, column: 9 }, end: { line: 12, column: 29 } } });
  });

  it('falls back to the nearest existing parent for a missing field', () => {
    const located = locatePointer(origin, '/spec/template/spec/containers/0/resources/limits/memory');
    expect(located.exact).toBe(false);
    expect(located.range).toEqual(locatePointer(origin, '/spec/template/spec/containers/0').range);
    expect(locatePointer(origin, '/spec/hostNetwork')).toEqual({ exact: false, range: locatePointer(origin, '/spec').range });
  });

  it('locates the root and pointers without a leading slash', () => {
    expect(locatePointer(origin, '')).toMatchObject({ exact: true, range: { start: { line: 1, column: 1 } } });
    expect(locatePointer(origin, 'metadata/name')).toMatchObject({ exact: true, range: { start: { line: 4, column: 3 } } });
  });

  it('falls back to the root for a pointer with no existing parent', () => {
    expect(locatePointer(origin, '/nothing/here')).toEqual({ exact: false, range: locatePointer(origin, '').range });
  });

  it('locates pointers into List items, relative to the item or to the document', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n- apiVersion: v1\n  kind: Pod\n  spec:\n    hostPID: true\n';
    const item = parseManifestText('l.yaml', list).resources[1]!.origin;
    expect(locatePointer(item, '/spec/hostPID')).toMatchObject({ exact: true, range: { start: { line: 9, column: 5 } } });
    expect(locatePointer(item, '/items/1/spec/hostPID')).toMatchObject({ exact: true, range: { start: { line: 9, column: 5 } } });
    expect(locatePointer(item, '/items/1')).toMatchObject({ exact: true, range: { start: { line: 6, column: 3 } } });
    expect(locatePointer(item, '/items/1/spec/hostIPC')).toMatchObject({ exact: false, range: { start: { line: 8, column: 3 } } });
    expect(locatePointer(item, '/metadata/name')).toMatchObject({ exact: false, range: { start: { line: 6, column: 3 } } });
  });
});
