import type { Document } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import type { JsonPatchOperation } from '../engine/types.ts';
import { editsForFixes, editsForPatch } from './edits-for-patch.ts';
import { fileEditor } from './file-editor.ts';
import { parseManifestText } from '../manifest/parse.ts';
import * as quick from './fast-read-back.ts';
import * as source from './yaml-source.ts';

// an edited text is read back quickly, or else parsed: both are counted as reading it back
vi.mock('./yaml-source.ts', async (original) => {
  const actual = await original<typeof import('./yaml-source.ts')>();
  return { ...actual, parseEdited: vi.fn(actual.parseEdited), parseHeld: vi.fn(actual.parseHeld) };
});
vi.mock('./fast-read-back.ts', async (original) => {
  const actual = await original<typeof import('./fast-read-back.ts')>();
  return { ...actual, readsBackQuickly: vi.fn(actual.readsBackQuickly) };
});

/** Read-backs since the last clear: quick ones that confirmed, and full parses. */
const readBacks = {
  clear(): void {
    vi.mocked(source.parseEdited).mockClear();
    vi.mocked(quick.readsBackQuickly).mockClear();
  },
  get count(): number {
    return vi.mocked(quick.readsBackQuickly).mock.results.filter((r) => r.value === true).length + vi.mocked(source.parseEdited).mock.calls.length;
  },
};

const TEXT = `# a pod
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: x
    - name: b
---
kind: ConfigMap
metadata:
  name: c
`;

const composed: JsonPatchOperation[] = [
  { op: 'add', path: '/metadata/labels', value: { app: 'p' } },
  { op: 'add', path: '/spec/containers/0/securityContext', value: { runAsNonRoot: true } },
  { op: 'add', path: '/spec/containers/1/image', value: 'y' },
  { op: 'add', path: '/spec/x', value: 1 },
  { op: 'add', path: '/spec/y', value: 2 },
];

describe('fileEditor', () => {
  it('reads back a finding own fix made of its document fix splices only once, for the document fix', () => {
    const owns = [[composed[2]], [composed[0], composed[4]], [{ ...composed[1] }]] as JsonPatchOperation[][];
    const expected = [composed, ...owns].map((patch) => editsForPatch('p.yaml', TEXT, 0, patch));
    readBacks.clear();
    const editor = fileEditor('p.yaml', TEXT);
    expect(editor.edits(0, composed)).toEqual(expected[0]);
    expect(readBacks.count).toBe(1);
    for (const [i, own] of owns.entries()) expect(editor.edits(0, own), JSON.stringify(own)).toEqual(expected[i + 1]);
    expect(readBacks.count).toBe(1);
  });

  it('reads back an own fix whose edits are not among them, or in another order, and gives the edits of editsForPatch', () => {
    const others: JsonPatchOperation[][] = [
      // two insertions at the end of spec, the other way round: they are written the other way round
      [composed[4], composed[3]] as JsonPatchOperation[],
      [{ op: 'add', path: '/spec/containers/0/securityContext', value: { runAsNonRoot: true, privileged: false } }],
      [{ op: 'replace', path: '/spec/containers/0/image', value: 'z' }],
    ];
    const expected = others.map((patch) => editsForPatch('p.yaml', TEXT, 0, patch));
    const editor = fileEditor('p.yaml', TEXT);
    editor.edits(0, composed);
    readBacks.clear();
    for (const [i, own] of others.entries()) expect(editor.edits(0, own), JSON.stringify(own)).toEqual(expected[i]);
    expect(readBacks.count).toBe(others.length);
    expect(editor.edits(1, [{ op: 'add', path: '/data', value: { k: 'v' } }])).toEqual(editsForPatch('p.yaml', TEXT, 1, [{ op: 'add', path: '/data', value: { k: 'v' } }]));
  });

  it('combines the documents fixes as editsForFixes does', () => {
    const editor = fileEditor('p.yaml', TEXT);
    const fixes = [
      { documentIndex: 0, patch: composed },
      { documentIndex: 1, patch: [{ op: 'add', path: '/data', value: { k: 'v' } }] as JsonPatchOperation[] },
    ];
    for (const fix of fixes) editor.edits(fix.documentIndex, fix.patch);
    const combined = editor.combined(fixes);
    const reference = editsForFixes('p.yaml', TEXT, fixes);
    expect(reference.ok).toBe(true);
    expect(combined.ok && combined.value.edits).toEqual(reference.ok && reference.value);
  });

  it('edits a file of one document on the parse the check made of it, with the same edits', () => {
    const one = TEXT.slice(0, TEXT.indexOf('---'));
    const docs: Document.Parsed[] = [];
    parseManifestText('p.yaml', one, undefined, (doc) => docs.push(doc));
    expect(docs).toHaveLength(1);
    const patches = [composed, [composed[2]], [{ op: 'replace', path: '/spec/containers/0/image', value: 'z' }]] as JsonPatchOperation[][];
    const expected = patches.map((patch) => editsForPatch('p.yaml', one, 0, patch));
    const held = vi.mocked(source.parseHeld);
    held.mockClear();
    const editor = fileEditor('p.yaml', one, { docs: new Map([[0, docs[0] as Document.Parsed]]), shift: 0 });
    for (const [i, patch] of patches.entries()) expect(editor.edits(0, patch)).toEqual(expected[i]);
    expect(held).not.toHaveBeenCalled();
    // without it, the document is parsed to be edited
    fileEditor('p.yaml', one).edits(0, composed);
    expect(held).toHaveBeenCalledTimes(1);
  });

  /** A stream of documents whose later ones sit far from the start of the file. */
  const STREAM = `${TEXT}---\n# the third\nkind: Pod\nmetadata:\n  name: q\nspec:\n  containers:\n    - name: a\n      image: x\n# after the third\n--- # the fourth\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n`;
  const perDocument: [number, JsonPatchOperation[]][] = [
    [0, composed],
    [2, [{ op: 'add', path: '/metadata/labels', value: { app: 'q' } }, { op: 'replace', path: '/spec/containers/0/image', value: 'z' }]],
    [1, [{ op: 'add', path: '/data', value: { k: 'v' } }]],
    [3, [{ op: 'add', path: '/spec/ports/0/name', value: 'http' }]],
    [2, [{ op: 'add', path: '/spec/containers/0/securityContext', value: { runAsNonRoot: true } }]],
  ];

  it('edits every document of a stream on the parse the check made of the file, with the same edits', () => {
    const docs = new Map<number, Document.Parsed>();
    parseManifestText('s.yaml', STREAM, undefined, (doc, index) => docs.set(index, doc));
    expect(docs.size).toBe(4);
    const expected = perDocument.map(([index, patch]) => editsForPatch('s.yaml', STREAM, index, patch));
    expect(expected.every((e) => e.ok)).toBe(true);
    const held = vi.mocked(source.parseHeld);
    held.mockClear();
    // asked out of order and back again: each document's offsets are moved once, to its region's
    const editor = fileEditor('s.yaml', STREAM, { docs, shift: 0 });
    for (const [i, [index, patch]] of perDocument.entries()) expect(editor.edits(index, patch)).toEqual(expected[i]);
    expect(held).not.toHaveBeenCalled();
    const fixes = perDocument.map(([documentIndex, patch]) => ({ documentIndex, patch }));
    const combined = editor.combined(fixes);
    const reference = editsForFixes('s.yaml', STREAM, fixes);
    expect(reference.ok).toBe(true);
    expect(combined.ok && combined.value.edits).toEqual(reference.ok && reference.value);
  });

  it('edits the documents of a piece of the file (read with its padding) as the file\'s own', () => {
    const cut = STREAM.indexOf('---\n# the third');
    const lines = STREAM.slice(0, cut).split('\n').length - 1;
    const padding = '---\n'.repeat(2) + '\n'.repeat(lines - 2);
    const docs = new Map<number, Document.Parsed>();
    parseManifestText('s.yaml', padding + STREAM.slice(cut), undefined, (doc, index) => {
      if (index >= 2) docs.set(index, doc);
    });
    expect([...docs.keys()]).toEqual([2, 3]);
    const later = perDocument.filter(([index]) => index >= 2);
    const expected = later.map(([index, patch]) => editsForPatch('s.yaml', STREAM, index, patch));
    const held = vi.mocked(source.parseHeld);
    held.mockClear();
    const editor = fileEditor('s.yaml', STREAM, { docs, shift: cut - padding.length });
    for (const [i, [index, patch]] of later.entries()) expect(editor.edits(index, patch)).toEqual(expected[i]);
    expect(held).not.toHaveBeenCalled();
  });
});
