import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { hasVariable, substituteString, variableName } from './template.ts';
import { goJsonMarshal } from './go-json.ts';

const VALUES: Record<string, JsonValue> = { name: 'web', n: 3, obj: { b: 1, a: '<x>' }, list: ['a', 'b'], nothing: null, key: 'name' };

function resolve(variable: string): Outcome<JsonValue> {
  return variable in VALUES ? ok(VALUES[variable] ?? null) : err(`unknown ${variable}`);
}

describe('substituteString', () => {
  it('returns the raw value for a whole-string variable', () => {
    expect(substituteString('{{n}}', resolve)).toEqual(ok(3));
    expect(substituteString('{{ obj }}', resolve)).toEqual(ok({ b: 1, a: '<x>' }));
    expect(substituteString('{{nothing}}', resolve)).toEqual(ok(null));
  });

  it('interpolates embedded variables as text, non-strings as Go JSON', () => {
    expect(substituteString('app-{{name}}-{{n}}', resolve)).toEqual(ok('app-web-3'));
    expect(substituteString('{{name}}{{name}}', resolve)).toEqual(ok('webweb'));
    expect(substituteString('x={{obj}}', resolve)).toEqual(ok('x={"a":"\\u003cx\\u003e","b":1}'));
    expect(substituteString('l={{list}} z={{nothing}}', resolve)).toEqual(ok('l=["a","b"] z=null'));
  });

  it('resolves inner variables first', () => {
    expect(substituteString('{{ {{key}} }}', resolve)).toEqual(ok('web'));
  });

  it('leaves escaped variables literal, without the backslash', () => {
    expect(substituteString('\\{{name}} and {{name}}', resolve)).toEqual(ok('{{name}} and web'));
  });

  it('passes errors through and leaves plain text alone', () => {
    expect(substituteString('{{missing}}', resolve).ok).toBe(false);
    expect(substituteString('no variables { here }', resolve)).toEqual(ok('no variables { here }'));
  });

  it('stops when a value keeps producing variables', () => {
    const loop = (): Outcome<JsonValue> => ok('again {{x}}');
    expect(substituteString('{{x}} tail', loop).ok).toBe(false);
  });

  it('recognises variables', () => {
    expect(hasVariable('a {{b}}')).toBe(true);
    expect(hasVariable('a \\{{b}}')).toBe(false);
    expect(variableName('{{  request.object  }}')).toBe('request.object');
    expect(goJsonMarshal({ z: [1, true, null], a: 'x&y' })).toBe('{"a":"x\\u0026y","z":[1,true,null]}');
  });
});
