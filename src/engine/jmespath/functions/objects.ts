import { isObject, type JsonObject, type JsonValue } from '../../../core/json.ts';
import { FunctionError, arrayArg, scalarToString, stringArg, type KyvernoFunction } from '../function-types.ts';

export const OBJECT_FUNCTIONS: readonly KyvernoFunction[] = [
  {
    name: 'lookup', arity: 2,
    call: (a) => {
      const [input, key] = a;
      if (isObject(input)) {
        if (typeof key !== 'string') throw new FunctionError('lookup', '2 argument is expected of String type');
        return Object.prototype.hasOwnProperty.call(input, key) ? (input[key] ?? null) : null;
      }
      if (Array.isArray(input)) {
        if (typeof key !== 'number') throw new FunctionError('lookup', '2 argument is expected of Number type');
        if (!Number.isInteger(key)) throw new FunctionError('lookup', `argument #2: expected an integer number but got: ${key}`);
        return key < 0 || key >= input.length ? null : (input[key] ?? null);
      }
      throw new FunctionError('lookup', '1 argument is expected of Object or Array type');
    },
  },
  {
    name: 'items', arity: 3,
    call: (a) => {
      const keyName = stringArg('items', a, 1);
      const valueName = stringArg('items', a, 2);
      const input = a[0];
      if (isObject(input)) {
        return Object.keys(input)
          .sort()
          .map((k) => ({ [keyName]: k, [valueName]: input[k] ?? null }));
      }
      if (Array.isArray(input)) return input.map((v, i) => ({ [keyName]: i, [valueName]: v }));
      throw new FunctionError('items', '1 argument is expected of Object or Array type');
    },
  },
  {
    name: 'object_from_lists', arity: 2,
    call: (a) => {
      const keys = arrayArg('object_from_lists', a, 0);
      const values = arrayArg('object_from_lists', a, 1);
      const out: JsonObject = {};
      keys.forEach((_, i) => {
        let key: string;
        try {
          key = scalarToString('object_from_lists', keys, i);
        } catch {
          throw new FunctionError('object_from_lists', '1 argument is expected of StringArray type');
        }
        out[key] = i < values.length ? (values[i] ?? null) : null;
      });
      return out;
    },
  },
  {
    name: 'label_match', arity: 2,
    call: (a) => {
      const [labels, candidate] = a;
      if (!isObject(labels)) throw new FunctionError('label_match', '0 argument is expected of Object type');
      if (!isObject(candidate)) throw new FunctionError('label_match', '1 argument is expected of Object type');
      return Object.entries(labels).every(
        ([k, v]: [string, JsonValue]) => Object.prototype.hasOwnProperty.call(candidate, k) && candidate[k] === v,
      );
    },
  },
];
