import { toPointer, type JsonValue } from '../../core/json.ts';

export type PathSegments = readonly (string | number)[];

/**
 * Why a pattern (or part of it) did not match, mirroring Kyverno's error kinds:
 * - mismatch: a value or structure differs (rule fails);
 * - conditional / global: a conditional `(key)` or global `<(key)` anchor did not hold (skip);
 * - negation: a key forbidden by `X(key)` is present (rule fails);
 * - skipped: every element of a list was skipped by conditional anchors;
 * - invalid: the pattern itself is malformed (rule error).
 */
export type WalkErrorKind = 'mismatch' | 'conditional' | 'global' | 'negation' | 'skipped' | 'invalid';

export interface WalkError {
  kind: WalkErrorKind;
  /** Segments of the resource path (anchors stripped) of the offending or missing field. */
  path: PathSegments;
  message: string;
}

/** State of one pattern evaluation: tracked anchor keys and whether any was seen in the resource. */
export interface WalkContext {
  trackedAnchors: Map<string, boolean>;
}

export type ElementValidator = (
  resource: JsonValue | undefined,
  pattern: JsonValue,
  path: PathSegments,
  context: WalkContext,
) => WalkError | null;

export function walkError(kind: WalkErrorKind, path: PathSegments, message: string): WalkError {
  return { kind, path, message };
}

/** Errors that make a list element (or the whole rule) not apply rather than fail. */
export function isSkipError(error: WalkError): boolean {
  return error.kind === 'conditional' || error.kind === 'global' || error.kind === 'skipped';
}

export function pointerOf(path: PathSegments): string {
  return toPointer(path);
}

/** A short rendering of a value for messages. */
export function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A short rendering of a scalar pattern for messages. */
export function describePattern(pattern: JsonValue): string {
  const text = JSON.stringify(pattern);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
