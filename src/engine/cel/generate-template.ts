import { parseAllDocuments } from 'yaml';
import { isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { yamlOptions } from '../../manifest/yaml-options.ts';

/**
 * A GeneratingPolicy's `spec.generate[].template`: YAML documents, one resource each. With
 * `interpolate: cel`, `(( expression ))` in a value is CEL: a value that is one placeholder
 * becomes what the expression gives (a map, a list, a scalar); placeholders within a longer
 * string are written into it and must give scalars. `\((` writes a literal `((`. Keys cannot
 * hold placeholders. Without interpolation the documents are taken as they are.
 */

type Piece = { text: string } | { expression: string };

/** The end (index after `))`) and expression of the placeholder opening at `start`. */
function placeholderAt(s: string, start: number): Outcome<{ expression: string; end: number }> {
  let depth = 0;
  let quote = '';
  for (let i = start + 2; i < s.length; i++) {
    const c = s[i] as string;
    if (quote !== '') {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (s[i + 1] !== ')') return err(`unbalanced parenthesis in the placeholder at offset ${start}`);
      const expression = s.slice(start + 2, i).trim();
      return expression === '' ? err(`empty placeholder at offset ${start}`) : ok({ expression, end: i + 2 });
    }
  }
  return err(quote !== '' ? `unterminated string in the placeholder at offset ${start}` : `the placeholder at offset ${start} has no closing '))'`);
}

/** Split a string into literal text and placeholders. */
function pieces(s: string): Outcome<Piece[]> {
  const out: Piece[] = [];
  let text = '';
  for (let i = 0; i < s.length; ) {
    if (s.startsWith('\\((', i)) {
      text += '((';
      i += 3;
    } else if (s.startsWith('((', i)) {
      const found = placeholderAt(s, i);
      if (!found.ok) return found;
      if (text !== '') out.push({ text });
      text = '';
      out.push({ expression: found.value.expression });
      i = found.value.end;
    } else {
      text += s[i];
      i++;
    }
  }
  if (text !== '') out.push({ text });
  return ok(out);
}

const hasPlaceholder = (s: string): boolean => s.replaceAll('\\((', '').includes('((');

function renderString(s: string, evaluate: (expression: string) => Outcome<JsonValue>): Outcome<JsonValue> {
  const split = pieces(s);
  if (!split.ok) return split;
  const [only] = split.value;
  if (split.value.length === 1 && only !== undefined && 'expression' in only) {
    const value = evaluate(only.expression);
    return value.ok ? value : err(`placeholder "${only.expression}": ${value.error}`);
  }
  let out = '';
  for (const piece of split.value) {
    if ('text' in piece) {
      out += piece.text;
      continue;
    }
    const value = evaluate(piece.expression);
    if (!value.ok) return err(`placeholder "${piece.expression}": ${value.error}`);
    if (isObject(value.value) || isArray(value.value)) {
      return err(`placeholder "${piece.expression}" within a string must give a scalar; make it the whole value to insert a map or list`);
    }
    out += value.value === null ? '' : String(value.value);
  }
  return ok(out);
}

function render(value: JsonValue, evaluate: (expression: string) => Outcome<JsonValue>, at: string): Outcome<JsonValue> {
  if (typeof value === 'string') {
    const rendered = renderString(value, evaluate);
    return rendered.ok ? rendered : err(`${at}: ${rendered.error}`);
  }
  if (isArray(value)) {
    const out: JsonValue[] = [];
    for (const [i, item] of value.entries()) {
      const rendered = render(item, evaluate, `${at}[${i}]`);
      if (!rendered.ok) return rendered;
      out.push(rendered.value);
    }
    return ok(out);
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (hasPlaceholder(key)) return err(`${at}: placeholders are not allowed in keys ("${key}"); give the parent field a whole-value placeholder instead`);
      const rendered = render(item, evaluate, at === '' ? key : `${at}.${key}`);
      if (!rendered.ok) return rendered;
      out[key] = rendered.value;
    }
    return ok(out);
  }
  return ok(value);
}

/** Parse a template's YAML documents (empty ones skipped); each must be a mapping. */
export function parseTemplate(text: string): Outcome<JsonValue[]> {
  const out: JsonValue[] = [];
  for (const [i, doc] of parseAllDocuments(text, yamlOptions('json')).entries()) {
    if (doc.errors.length > 0) return err(`the template is not valid YAML (document ${i + 1}): ${doc.errors[0]?.message.split('\n')[0] ?? ''}`);
    const value = doc.toJS({ maxAliasCount: 100 }) as JsonValue;
    if (value === null || value === undefined) continue;
    if (!isObject(value) && !(typeof value === 'string' && hasPlaceholder(value))) return err(`document ${i + 1} of the template must be a mapping describing a resource`);
    out.push(value);
  }
  return out.length > 0 ? ok(out) : err('the template holds no YAML document');
}

/** Render a template into the resources it describes, evaluating placeholders when it interpolates. */
export function renderTemplate(text: string, interpolate: boolean, evaluate: (expression: string) => Outcome<JsonValue>): Outcome<JsonObject[]> {
  const docs = parseTemplate(text);
  if (!docs.ok) return docs;
  const out: JsonObject[] = [];
  for (const [i, doc] of docs.value.entries()) {
    const rendered = interpolate ? render(doc, evaluate, '') : ok(doc);
    if (!rendered.ok) return err(`document ${i + 1}: ${rendered.error}`);
    if (!isObject(rendered.value)) return err(`document ${i + 1}: expected a mapping describing a resource`);
    out.push(rendered.value);
  }
  return ok(out);
}
