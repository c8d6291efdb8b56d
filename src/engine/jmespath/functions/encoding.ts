import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { JsonValue } from '../../../core/json.ts';
import { FunctionError, stringArg, type KyvernoFunction } from '../function-types.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function toJson(name: string, value: unknown): JsonValue {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch (e) {
    throw new FunctionError(name, (e as Error).message);
  }
}

export const ENCODING_FUNCTIONS: readonly KyvernoFunction[] = [
  {
    name: 'base64_decode', arity: 1,
    call: (a) => {
      const text = stringArg('base64_decode', a, 0).replace(/[\r\n]/g, '');
      if (!BASE64.test(text)) throw new FunctionError('base64_decode', 'illegal base64 data');
      return Buffer.from(text, 'base64').toString('utf8');
    },
  },
  { name: 'base64_encode', arity: 1, call: (a) => Buffer.from(stringArg('base64_encode', a, 0), 'utf8').toString('base64') },
  { name: 'sha256', arity: 1, call: (a) => createHash('sha256').update(stringArg('sha256', a, 0), 'utf8').digest('hex') },
  {
    name: 'parse_json', arity: 1,
    call: (a) => {
      try {
        return JSON.parse(stringArg('parse_json', a, 0)) as JsonValue;
      } catch (e) {
        if (e instanceof FunctionError) throw e;
        throw new FunctionError('parse_json', (e as Error).message);
      }
    },
  },
  {
    name: 'parse_yaml', arity: 1,
    call: (a) => {
      const text = stringArg('parse_yaml', a, 0);
      let parsed: unknown;
      try {
        parsed = parseYaml(text);
      } catch (e) {
        throw new FunctionError('parse_yaml', (e as Error).message);
      }
      return toJson('parse_yaml', parsed);
    },
  },
  { name: 'sha1', arity: 1, call: (a) => createHash('sha1').update(stringArg('sha1', a, 0), 'utf8').digest('hex') },
  { name: 'md5', arity: 1, call: (a) => createHash('md5').update(stringArg('md5', a, 0), 'utf8').digest('hex') },
];
