import { parse } from 'yaml';
import type { JsonValue } from '../../core/json.ts';
import { valuesSource, type ValuesFile } from './values-refs.ts';

/** A value written as one `.Values` reference (`{{ .Values.a.b }}`, quoted or piped to quote). */
const ONE_REFERENCE = /^(["']?)\{\{-?\s*\$?\.Values((?:\.[A-Za-z_][\w-]*)+)(?:\s*\|\s*quote)?\s*-?\}\}\1$/;

/**
 * Can the key line be ruled out as the writer of a rendered scalar? When its value is a literal
 * that reads as another scalar, or a single `.Values` reference whose value (in the values
 * files; none renders as nothing) is another one: the branch of an `if` not taken. Only used to
 * choose among lines that emit the same keys, so a guess never moves a field off its only line.
 */
export function writesOtherValue(text: string, value: JsonValue, values: readonly ValuesFile[]): boolean {
  if (typeof value === 'object' && value !== null) return false;
  const written = text.slice(text.indexOf(':') + 1).replace(/\s+#.*$/, '').trim();
  if (written === '') return false;
  const reference = ONE_REFERENCE.exec(written);
  if (reference) {
    const source = valuesSource(values, (reference[2] ?? '').slice(1).split('.'));
    // a value no values file sets renders as nothing
    if (source === undefined) return String(value) !== '';
    return (typeof source.value !== 'object' || source.value === null) && String(source.value) !== String(value);
  }
  const composed = composedText(written, values);
  if (composed !== undefined) return composed !== String(value);
  if (written.includes('{{')) return false;
  const literal = literalScalar(written);
  return literal !== undefined && String(literal) !== String(value);
}

/**
 * A value composed of text and plain `.Values` references (`"{{ .Values.repo }}:{{ .Values.tag }}"`),
 * as it renders from the values files (a key no file sets renders as nothing); undefined when
 * it holds any other action, a trim marker, or a reference to a collection.
 */
function composedText(written: string, values: readonly ValuesFile[]): string | undefined {
  const quoted = /^"(.*)"$/.exec(written) ?? /^'(.*)'$/.exec(written);
  const text = quoted?.[1] ?? written;
  if (!text.includes('{{') || /\{\{-|-\}\}/.test(text)) return undefined;
  let unknown = false;
  const rendered = text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_all, action: string) => {
    const reference = /^\$?\.Values((?:\.[A-Za-z_][\w-]*)+)$/.exec(action);
    if (!reference) {
      unknown = true;
      return '';
    }
    const source = valuesSource(values, (reference[1] ?? '').slice(1).split('.'));
    if (source === undefined || source.value === null) return '';
    if (typeof source.value === 'object') unknown = true;
    return String(source.value);
  });
  return unknown ? undefined : rendered;
}

/** A YAML scalar written literally, as it reads (undefined when it is not one). */
function literalScalar(text: string): JsonValue | undefined {
  try {
    const read = parse(text) as JsonValue;
    return typeof read === 'object' && read !== null ? undefined : read;
  } catch {
    return undefined;
  }
}
