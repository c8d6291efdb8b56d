import { describe, expect, it } from 'vitest';
import type { JsonPatchOperation } from '../engine/types.ts';
import { applyEdits } from './apply-edits.ts';
import { editsForPatch } from './edits-for-patch.ts';
import { rebasePatch } from './rebase-patch.ts';

/** The edited text, or the error message. */
function patched(text: string, patch: JsonPatchOperation[], file = 'x.yaml'): string {
  const edits = editsForPatch(file, text, 0, patch);
  if (!edits.ok) return `ERROR ${edits.error}`;
  const out = applyEdits(text, edits.value);
  return out.ok ? out.value : `ERROR ${out.error}`;
}

describe('editsForPatch on small documents', () => {
  it('fills an empty value with a block, keeping the key', () => {
    expect(patched('a:\nb: 1\n', [{ op: 'add', path: '/a', value: { x: 1, list: [1, 2] } }])).toBe('a:\n  x: 1\n  list:\n  - 1\n  - 2\nb: 1\n');
    expect(patched('a: ~ # none\nb: 1\n', [{ op: 'replace', path: '/a', value: 'v' }])).toBe('a: v # none\nb: 1\n');
    expect(patched('"a b": ~\n', [{ op: 'replace', path: '/a b', value: { c: 1 } }])).toBe('"a b":\n  c: 1\n');
  });

  it('replaces block scalars and writes multi-line strings double-quoted', () => {
    expect(patched('a: |\n  hello\n  world\n\nb: 1\n', [{ op: 'replace', path: '/a', value: 'short' }])).toBe('a: short\n\nb: 1\n');
    expect(patched('a: x\n', [{ op: 'replace', path: '/a', value: 'two\nlines' }])).toBe('a: "two\\nlines"\n');
  });

  it('appends to a file without a final line break', () => {
    expect(patched('a:\n  b: 1', [{ op: 'add', path: '/a/c', value: 2 }])).toBe('a:\n  b: 1\n  c: 2');
  });

  it('overrides a key that comes from a merge key, and refuses to remove one', () => {
    const text = 'base: &b\n  x: 1\nm:\n  <<: *b\n  y: 2\n';
    expect(patched(text, [{ op: 'replace', path: '/m/x', value: 5 }])).toBe(text + '  x: 5\n');
    expect(patched(text, [{ op: 'remove', path: '/m/x' }])).toMatch(/^ERROR .*merge key/);
    expect(patched(text, [{ op: 'remove', path: '/m/absent' }])).toBe(text);
  });

  it('inserts list items before an index and after trailing comments of the last item', () => {
    expect(patched('a:\n  - x\n  - y # c\n', [{ op: 'add', path: '/a/1', value: { k: 'v' } }])).toBe('a:\n  - x\n  - k: v\n  - y # c\n');
    expect(patched('a:\n- n: 1\n  # about 1\n# next\nb: 2\n', [{ op: 'add', path: '/a/-', value: { n: 2 } }])).toBe(
      'a:\n- n: 1\n  # about 1\n- "n": 2\n# next\nb: 2\n',
    );
  });

  it('turns an emptied collection into {} or [] and an empty one into a block', () => {
    expect(patched('a:\n- x\nb: 1\n', [{ op: 'remove', path: '/a/0' }])).toBe('a: []\nb: 1\n');
    expect(patched('a: []\nb: 1\n', [{ op: 'add', path: '/a/-', value: 'x' }])).toBe('a:\n- x\nb: 1\n');
  });

  it('edits multi-line flow collections one entry a line', () => {
    expect(patched('a: {\n  x: 1,\n  y: 2\n}\n', [{ op: 'add', path: '/a/z', value: 3 }, { op: 'remove', path: '/a/x' }])).toBe('a: {\n  y: 2,\n  z: 3\n}\n');
  });

  it('creates missing lists and mappings on the way (Kyverno add)', () => {
    expect(patched('spec:\n  containers:\n  - name: a\n', [{ op: 'add', path: '/spec/initContainers/-', value: { name: 'i' } }])).toBe(
      'spec:\n  containers:\n  - name: a\n  initContainers:\n  - name: i\n',
    );
  });

  it('supports move, copy and test', () => {
    expect(patched('a: 1\nb:\n  c: 2\n', [{ op: 'test', path: '/a', value: 1 }, { op: 'move', from: '/a', path: '/b/a' }])).toBe('b:\n  c: 2\n  a: 1\n');
    expect(patched('a: 1\n', [{ op: 'copy', from: '/a', path: '/d' }])).toBe('a: 1\nd: 1\n');
  });

  it('keeps tags, anchors that nothing uses, and quotes keys that need them', () => {
    expect(patched('a: &x 1\nb: !!str 2\n', [{ op: 'replace', path: '/a', value: 3 }, { op: 'replace', path: '/b', value: '4' }])).toBe('a: &x 3\nb: !!str "4"\n');
    expect(patched('a: 1\n', [{ op: 'add', path: '/on', value: 'yes' }, { op: 'add', path: '/k: v', value: 1 }])).toBe('a: 1\n"on": "yes"\n"k: v": 1\n');
  });

  it('keeps document markers and other documents', () => {
    expect(patched('--- # first\na: 1\n...\n---\nb: 2\n', [{ op: 'add', path: '/c', value: 3 }])).toBe('--- # first\na: 1\nc: 3\n...\n---\nb: 2\n');
  });

  it('changes an existing mapping or list member by member, keeping comments', () => {
    const text = 'sc:\n  privileged: true # why\n  readOnlyRootFilesystem: true\n  caps:\n  - A # first\n  - B\nnext: 1\n';
    const value = { privileged: false, runAsNonRoot: true, caps: ['A', 'C'] };
    expect(patched(text, [{ op: 'add', path: '/sc', value }])).toBe(
      'sc:\n  privileged: false # why\n  caps:\n  - A # first\n  - C\n  runAsNonRoot: true\nnext: 1\n',
    );
    expect(patched('l:\n- name: a\n  x: 1 # keep\n', [{ op: 'replace', path: '/l/0', value: { name: 'b', x: 1 } }])).toBe('l:\n- name: b\n  x: 1 # keep\n');
  });

  it('returns errors for what it does not do', () => {
    expect(patched('a: 1\n', [{ op: 'replace', path: '', value: {} }])).toMatch(/^ERROR/);
    expect(patched('a: 1\n', [{ op: 'add', path: 'a', value: 1 }])).toMatch(/^ERROR/);
    expect(patched('a: [1\n', [{ op: 'add', path: '/b', value: 1 }])).toMatch(/^ERROR/);
    expect(patched('a:\n- - 1\n- - 3\n', [{ op: 'add', path: '/a/1/0', value: 8 }])).toMatch(/^ERROR .*does not start its line/);
  });
});

describe('rebasePatch', () => {
  it('applies an item patch to its place in a List document', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata:\n    name: a\n- kind: Pod\n  metadata:\n    name: b\n';
    const patch = rebasePatch('/items/1', [{ op: 'add', path: '/metadata/labels/app', value: 'b' }, { op: 'copy', from: '/metadata/name', path: '/metadata/labels/name' }]);
    expect(patched(text, patch)).toBe(text + '    labels:\n      app: b\n      name: b\n');
  });
});
