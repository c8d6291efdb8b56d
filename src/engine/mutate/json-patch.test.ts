import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import { applyJsonPatch, parseOperations } from './json-patch.ts';

function patch(doc: JsonValue, ops: JsonObject[]): JsonValue {
  const out = applyJsonPatch(doc, ops);
  if (!out.ok) throw new Error(out.error);
  return out.value;
}

describe('parseOperations', () => {
  it('reads a YAML list of operations', () => {
    const out = parseOperations('- op: add\n  path: /a\n  value: 1\n- op: remove\n  path: /b\n');
    expect(out).toEqual({ ok: true, value: [{ op: 'add', path: '/a', value: 1 }, { op: 'remove', path: '/b' }] });
  });

  it('reads the text as YAML 1.1, as Kyverno does', () => {
    expect(parseOperations('- op: add\n  path: /a\n  value: yes')).toEqual({ ok: true, value: [{ op: 'add', path: '/a', value: true }] });
  });

  it('reads a JSON list, and a list given as a value', () => {
    expect(parseOperations('[{"op":"remove","path":"/x"}]')).toEqual({ ok: true, value: [{ op: 'remove', path: '/x' }] });
    expect(parseOperations([{ op: 'remove', path: '/x' }])).toEqual({ ok: true, value: [{ op: 'remove', path: '/x' }] });
  });

  it('rejects operations without op or path, and non-lists', () => {
    expect(parseOperations('- path: /a').ok).toBe(false);
    expect(parseOperations('- op: add').ok).toBe(false);
    expect(parseOperations('op: add').ok).toBe(false);
    expect(parseOperations('- [').ok).toBe(false);
  });
});

describe('applyJsonPatch with Kyverno tolerances', () => {
  it('adds, replaces and removes', () => {
    const doc = { spec: { replicas: 1, paused: true } };
    expect(patch(doc, [
      { op: 'add', path: '/spec/minReadySeconds', value: 5 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'remove', path: '/spec/paused' },
    ])).toEqual({ spec: { replicas: 3, minReadySeconds: 5 } });
    expect(doc).toEqual({ spec: { replicas: 1, paused: true } });
  });

  it('creates missing parents on add: objects, and arrays before an index or "-"', () => {
    expect(patch({ spec: { containers: [{ name: 'a' }] } }, [
      { op: 'add', path: '/spec/containers/0/securityContext/capabilities/add/-', value: 'SETUID' },
    ])).toEqual({ spec: { containers: [{ name: 'a', securityContext: { capabilities: { add: ['SETUID'] } } }] } });
    expect(patch({}, [{ op: 'add', path: '/metadata/annotations/a~1b', value: 'x' }])).toEqual({ metadata: { annotations: { 'a/b': 'x' } } });
    expect(patch({}, [{ op: 'add', path: '/list/1/x', value: 1 }])).toEqual({ list: [null, { x: 1 }] });
  });

  it('appends with "-" and at index -1, and reads -1 as the last element', () => {
    const doc = { terms: [{ exprs: [1] }, { exprs: [2] }] };
    expect(patch(doc, [{ op: 'add', path: '/terms/-1/exprs/-1', value: 3 }])).toEqual({ terms: [{ exprs: [1] }, { exprs: [2, 3] }] });
    expect(patch([1, 2], [{ op: 'add', path: '/-', value: 3 }, { op: 'add', path: '/0', value: 0 }])).toEqual([0, 1, 2, 3]);
  });

  it('removes nothing when the path is missing', () => {
    const doc = { spec: { list: [1] } };
    expect(patch(doc, [
      { op: 'remove', path: '/spec/priority' },
      { op: 'remove', path: '/spec/nope/deeper' },
      { op: 'remove', path: '/spec/list/5' },
    ])).toEqual(doc);
  });

  it('fails on replace of a missing path, bad array index, failing test, unknown op', () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 1 }]).ok).toBe(false);
    expect(applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/5', value: 1 }]).ok).toBe(false);
    expect(applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]).ok).toBe(false);
    expect(applyJsonPatch({ a: 1 }, [{ op: 'frobnicate', path: '/a' }]).ok).toBe(false);
    expect(applyJsonPatch({ a: 1 }, [{ op: 'add', path: 'a', value: 1 }]).ok).toBe(false);
  });

  it('moves, copies and tests', () => {
    expect(patch({ a: { x: 1 }, b: {} }, [
      { op: 'test', path: '/a/x', value: 1 },
      { op: 'copy', from: '/a/x', path: '/b/y' },
      { op: 'move', from: '/a', path: '/c' },
    ])).toEqual({ b: { y: 1 }, c: { x: 1 } });
  });
});
