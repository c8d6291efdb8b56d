import { escapePointerSegment, isArray, isObject, type JsonValue } from '../../core/json.ts';

/**
 * The part of JSON Schema the rule schema is written in: type, properties,
 * additionalProperties, required, items, enum, $ref to `#/$defs/…`, plus keywords of our
 * own given as functions. Interpreted directly: nothing to compile, so loading a policy
 * costs no start-up time (a compiling validator took most of a second here).
 */
export interface Schema {
  type?: string | readonly string[];
  properties?: Readonly<Record<string, Schema>>;
  additionalProperties?: boolean | Schema;
  required?: readonly string[];
  items?: Schema;
  enum?: readonly string[];
  $ref?: string;
  $defs?: Readonly<Record<string, Schema>>;
  [keyword: string]: unknown;
}

/** One failed check, in the shape JSON Schema validators report them. */
export interface SchemaError {
  keyword: string;
  /** JSON pointer of the value that failed. */
  instancePath: string;
  params: Record<string, unknown>;
  /** The schema holding the failed keyword. */
  parentSchema: Schema;
  message?: string;
}

/** A keyword of our own: the mistakes in `data` for the keyword's value, pointers relative to `data`. */
export type CustomKeyword = (value: unknown, data: JsonValue) => { pointer: string; message: string }[];

function typeOf(value: JsonValue): string {
  if (value === null) return 'null';
  if (isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: JsonValue, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Check `data` against `schema`; every failure, not only the first. */
export function checkSchema(root: Schema, data: JsonValue, keywords: Readonly<Record<string, CustomKeyword>> = {}): SchemaError[] {
  const errors: SchemaError[] = [];
  const resolve = (ref: string): Schema => {
    const name = ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    if (!target) throw new Error(`schema reference ${ref} is not defined`);
    return target;
  };
  const visit = (schema: Schema, value: JsonValue, path: string): void => {
    if (schema.$ref !== undefined) {
      visit(resolve(schema.$ref), value, path);
      return;
    }
    if (schema.type !== undefined) {
      const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
      if (!types.some((t) => typeMatches(value, t))) {
        errors.push({ keyword: 'type', instancePath: path, params: { type: types.join(',') }, parentSchema: schema });
        return;
      }
    }
    if (schema.enum !== undefined && !schema.enum.includes(value as string)) {
      errors.push({ keyword: 'enum', instancePath: path, params: { allowedValues: schema.enum }, parentSchema: schema });
    }
    for (const [keyword, check] of Object.entries(keywords)) {
      if (schema[keyword] === undefined) continue;
      for (const m of check(schema[keyword], value)) errors.push({ keyword, instancePath: path, params: { pointer: m.pointer }, parentSchema: schema, message: m.message });
    }
    if (isObject(value)) {
      for (const missing of (schema.required ?? []).filter((k) => value[k] === undefined)) {
        errors.push({ keyword: 'required', instancePath: path, params: { missingProperty: missing }, parentSchema: schema });
      }
      for (const [key, child] of Object.entries(value)) {
        const at = `${path}/${escapePointerSegment(key)}`;
        const known = schema.properties?.[key];
        if (known !== undefined) visit(known, child, at);
        else if (schema.additionalProperties === false) errors.push({ keyword: 'additionalProperties', instancePath: path, params: { additionalProperty: key }, parentSchema: schema });
        else if (isObject(schema.additionalProperties)) visit(schema.additionalProperties, child, at);
      }
    }
    if (isArray(value) && schema.items !== undefined) {
      const items = schema.items;
      value.forEach((item, i) => visit(items, item, `${path}/${i}`));
    }
  };
  visit(root, data, '');
  return errors;
}
