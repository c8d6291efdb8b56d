import { describe, expect, it } from 'vitest';
import { deepEqual, type JsonValue } from '../core/json.ts';
import { readBack } from './read-back.ts';
import { documentJson, parseEdited } from './yaml-source.ts';

/** What reading back was before: each document's JSON (through JSON text) compared with deepEqual. */
function reference(text: string, expected: readonly JsonValue[]): { count: number; wrong: number } | string {
  const docs = parseEdited('x.yaml', text);
  if (!docs.ok) return docs.error;
  const values: JsonValue[] = [];
  for (const doc of docs.value) {
    const json = documentJson(doc);
    if (!json.ok) return json.error;
    values.push(json.value);
  }
  return { count: values.length, wrong: expected.findIndex((value, i) => !deepEqual(value, values[i])) };
}

const outcome = (text: string, expected: readonly JsonValue[]) => {
  const read = readBack('x.yaml', text, expected);
  return read.ok ? read.value : read.error;
};

describe('readBack', () => {
  const texts = [
    'a: 1\nb: [x, {c: null}]\nd: "q"\n',
    'a: 1\n---\nb: 2\n',
    'a: .nan\nb: .inf\n', // not plain JSON: compared through JSON text
    'base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n', // merge key and alias
    '1: one\ntrue: yes\n', // keys that are not strings
    '__proto__: 1\n',
    'a: 0644\nb: 0x1F\nc: ~\nd: on\n',
    '',
    'a: [1, 2\n', // does not parse
    'a: &a [*a]\n', // an alias to itself
  ];
  const expectations: JsonValue[][] = [
    [{ a: 1, b: ['x', { c: null }], d: 'q' }],
    [{ a: 1 }, { b: 2 }],
    [{ a: null, b: null }],
    [{ base: { x: 1 }, m: { x: 1, y: 2 } }],
    [{ 1: 'one', true: true }],
    [{ ['__proto__']: 1 }],
    [{ a: 420, b: 31, c: null, d: true }],
    [null],
    [{ a: [1, 2] }],
    [{ a: [] }],
  ];

  it('tells what comparing the documents as JSON tells: the count, the first that differs, or the error', () => {
    for (const text of texts) {
      for (const expected of [...expectations, [], [null, null]]) {
        expect(outcome(text, expected), `${text} / ${JSON.stringify(expected)}`).toEqual(reference(text, expected));
      }
    }
  });

  it('finds a difference at any depth, in keys, lengths and types', () => {
    const text = 'a:\n  b: [1, "2", {c: true}]\n  d: x\n';
    expect(outcome(text, [{ a: { b: [1, '2', { c: true }], d: 'x' } }])).toEqual({ count: 1, wrong: -1 });
    for (const wrong of [
      { a: { b: [1, 2, { c: true }], d: 'x' } },
      { a: { b: [1, '2', { c: true }] } },
      { a: { b: [1, '2', { c: true }], d: 'x', e: null } },
      { a: { b: [1, '2'], d: 'x' } },
      { a: { b: [1, '2', { c: 'true' }], d: 'x' } },
      { a: { b: { 0: 1 }, d: 'x' } },
    ]) {
      expect(outcome(text, [wrong]), JSON.stringify(wrong)).toEqual({ count: 1, wrong: 0 });
    }
  });
});
