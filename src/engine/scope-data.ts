import { isObject, type JsonObject, type JsonValue } from '../core/json.ts';

/** Set a dotted variable name ("request.object.metadata.name") in scope data, copying along the path. */
export function setDotted(data: JsonObject, name: string, value: JsonValue): JsonObject {
  const [head, ...rest] = name.split('.');
  if (head === undefined) return data;
  if (rest.length === 0) return { ...data, [head]: value };
  const child = data[head];
  return { ...data, [head]: setDotted(isObject(child) ? child : {}, rest.join('.'), value) };
}

/** Apply many dotted variables in order. */
export function withVariables(data: JsonObject, variables: Record<string, JsonValue>): JsonObject {
  let result = data;
  for (const [name, value] of Object.entries(variables)) result = setDotted(result, name, value);
  return result;
}
