import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scalarText } from './scalar-text.ts';

const plain = { preferred: 'plain', fallback: 'double', inFlow: false } as const;

describe('scalarText', () => {
  it('writes plain strings when they read back as the same string', () => {
    for (const s of ['nginx:1.25', '500m', 'hello world', 'app.kubernetes.io/name', 'a-b_c', '/var/run']) {
      expect(scalarText(s, plain)).toBe(s);
    }
  });

  it('quotes strings that YAML 1.1 or 1.2 would read as something else', () => {
    for (const s of ['true', 'on', 'yes', 'y', 'null', '~', '0644', '1.5', '1e3', '', ' x', 'a: b', 'x #y', '- a', '[a]', '@x', 'a\nb', '*a', '&a', '!a', '%a', '2026-01-01']) {
      expect(scalarText(s, plain), s).not.toBe(s);
      expect(scalarText(s, plain), s).toBe(JSON.stringify(s));
    }
  });

  it('keeps the preferred quotes and falls back when single quotes cannot carry the string', () => {
    expect(scalarText("it's", { ...plain, preferred: 'single' })).toBe("'it''s'");
    expect(scalarText('on', { ...plain, fallback: 'single' })).toBe("'on'");
    expect(scalarText('a\tb', { ...plain, preferred: 'single' })).toBe('"a\\tb"');
    expect(scalarText('plain', { ...plain, preferred: 'double' })).toBe('"plain"');
  });

  it('quotes flow indicators inside flow collections only', () => {
    expect(scalarText('a,b', plain)).toBe('a,b');
    expect(scalarText('a,b', { ...plain, inFlow: true })).toBe('"a,b"');
  });

  it('writes numbers, booleans and null as literals, and JSON strings in JSON mode', () => {
    expect([scalarText(1, plain), scalarText(false, plain), scalarText(null, plain), scalarText(0.5, plain)]).toEqual(['1', 'false', 'null', '0.5']);
    expect(scalarText('x', { ...plain, json: true })).toBe('"x"');
  });

  it('writes a simple word plain exactly when YAML 1.1 and 1.2 both read it back as itself', () => {
    const words = ['y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'true', 'TRUE', 'False', 'null', 'Null', 'NULL'];
    const more = ['yess', 'nope', 'onion', 'offset', 'nullable', 'e1', 'x0', 'a.b', 'a/b', 'a_b', 'a-1', 'job-26', 'inf', 'nan', 'NaN', 'e', 'E10', 'b1010', 'o17', 'x1F'];
    for (const word of [...words, ...more]) {
      const readsBack = parse(word, { version: '1.1' }) === word && parse(word, { version: '1.2' }) === word;
      expect(scalarText(word, plain) === word, word).toBe(readsBack);
      expect(scalarText(word, { ...plain, inFlow: true }) === word, word).toBe(readsBack);
    }
  });
});
