import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import type { Anchor } from '../anchors.ts';
import {
  describe,
  isSkipError,
  pointerOf,
  walkError,
  type ElementValidator,
  type PathSegments,
  type WalkContext,
  type WalkError,
} from './walk-types.ts';

const has = (map: JsonObject, key: string): boolean => Object.prototype.hasOwnProperty.call(map, key);

/** Evaluate one anchored key of a pattern map against the resource map. */
export function handleAnchor(
  anchor: Anchor,
  patternValue: JsonValue,
  resource: JsonObject,
  path: PathSegments,
  context: WalkContext,
  validate: ElementValidator,
): WalkError | null {
  const fieldPath = [...path, anchor.key];
  const present = has(resource, anchor.key);
  const value = resource[anchor.key];
  switch (anchor.kind) {
    case 'condition': {
      if (!present) {
        return walkError('conditional', fieldPath, `conditional anchor (${anchor.key}) does not hold: ${pointerOf(fieldPath)} is absent`);
      }
      const error = validate(value, patternValue, fieldPath, context);
      if (error === null || error.kind === 'invalid') return error;
      return walkError('conditional', error.path, isSkipError(error) ? error.message : `conditional anchor (${anchor.key}) does not hold: ${error.message}`);
    }
    case 'global': {
      if (!present) return null;
      const error = validate(value, patternValue, fieldPath, context);
      if (error === null || error.kind === 'invalid') return error;
      return walkError('global', error.path, isSkipError(error) ? error.message : `global anchor <(${anchor.key}) does not hold: ${error.message}`);
    }
    case 'equality':
      return present ? validate(value, patternValue, fieldPath, context) : null;
    case 'negation':
      return present
        ? walkError('negation', fieldPath, `${pointerOf(fieldPath)} is not allowed, found ${describe(value)}`)
        : null;
    case 'existence':
      return present ? handleExistence(anchor, patternValue, value, fieldPath, context, validate) : null;
    case 'add-if-not-present':
      return walkError('invalid', fieldPath, `anchor +(${anchor.key}) is only allowed in mutate patterns`);
  }
}

function handleExistence(
  anchor: Anchor,
  patternValue: JsonValue,
  value: JsonValue | undefined,
  fieldPath: PathSegments,
  context: WalkContext,
  validate: ElementValidator,
): WalkError | null {
  if (!isArray(patternValue) || !patternValue.every(isObject)) {
    return walkError('invalid', fieldPath, `existence anchor ^(${anchor.key}) needs a list of objects as its pattern`);
  }
  if (!isArray(value)) {
    return walkError('mismatch', fieldPath, `existence anchor ^(${anchor.key}) applies to lists, found ${describe(value)}`);
  }
  for (const [index, element] of patternValue.entries()) {
    const found = value.some((item, i) => validate(item, element, [...fieldPath, i], context) === null);
    if (!found) {
      const which = patternValue.length > 1 ? ` pattern element ${index}` : '';
      return walkError('mismatch', fieldPath, `no element of ${pointerOf(fieldPath)} matches the existence anchor ^(${anchor.key})${which}`);
    }
  }
  return null;
}

/** Evaluate one plain key of a pattern map. `*` requires the key to be present and non-null. */
export function handlePlainKey(
  key: string,
  patternValue: JsonValue,
  resource: JsonObject,
  path: PathSegments,
  context: WalkContext,
  validate: ElementValidator,
): WalkError | null {
  const fieldPath = [...path, key];
  const value = has(resource, key) ? resource[key] : undefined;
  if (patternValue === '*') {
    return value === undefined || value === null
      ? walkError('mismatch', fieldPath, `${pointerOf(fieldPath)} is required but ${value === null ? 'null' : 'missing'}`)
      : null;
  }
  return validate(value, patternValue, fieldPath, context);
}

