import { parse, Schema } from 'yaml';
import type { JsonPrimitive } from '../core/json.ts';

export type QuoteStyle = 'plain' | 'single' | 'double';

const FLOW_INDICATORS = /[,[\]{}]/;

/** Answers of plainReadsBack for the strings seen last (fixes write the same keys and values again and again). */
const readsBack = new Map<string, boolean>();
const READS_BACK_ENTRIES = 4096;

function plainReadsBack(text: string, inFlow: boolean): boolean {
  const key = (inFlow ? 'f' : 'b') + text;
  const known = readsBack.get(key);
  if (known !== undefined) return known;
  const answer = readsBackPlain(text, inFlow);
  if (readsBack.size >= READS_BACK_ENTRIES) readsBack.clear();
  readsBack.set(key, answer);
  return answer;
}

/** Letters, digits and `-_./`, starting with a letter: one plain scalar token anywhere, in block or flow context. */
const SIMPLE = /^[A-Za-z][A-Za-z0-9_./-]*$/;

/** The patterns by which YAML 1.1 and 1.2 (core) read a plain scalar as something other than a string. */
const NOT_STRING = [new Schema({ schema: 'yaml-1.1' }), new Schema({ schema: 'core' })].flatMap((schema) => schema.tags.flatMap((tag) => (tag.test ? [tag.test] : [])));

/**
 * Whether a string, written plain, reads back as the same string in YAML 1.1 (kubectl) and 1.2.
 * A simple one that no schema pattern claims is a string in both without parsing it (most
 * values fixes write are names: each new one would otherwise be parsed twice).
 */
function readsBackPlain(text: string, inFlow: boolean): boolean {
  if (SIMPLE.test(text) && !NOT_STRING.some((test) => test.test(text))) return true;
  if (text === '' || /[\n\r\t]/.test(text) || text.trim() !== text) return false;
  if (inFlow && FLOW_INDICATORS.test(text)) return false;
  if (text.includes(' #') || text.includes(': ') || text.endsWith(':')) return false;
  try {
    return parse(text, { version: '1.1', logLevel: 'error' }) === text && parse(text, { version: '1.2', logLevel: 'error' }) === text;
  } catch {
    return false;
  }
}

function singleQuoted(text: string): string | undefined {
  // Single quotes cannot escape control characters; folding would change line breaks.
  if (/[\u0000-\u001f\u007f]/.test(text)) return undefined;
  return `'${text.replace(/'/g, "''")}'`;
}

/** A JSON string literal is a valid YAML double-quoted scalar with the same value. */
const doubleQuoted = (text: string): string => JSON.stringify(text);

/**
 * A scalar written as YAML source. Strings keep `preferred` style when it can carry
 * them; a plain string that would read back as something else (a number, boolean,
 * null, a key …) is quoted in `fallback` style. JSON mode writes JSON literals.
 */
export function scalarText(
  value: JsonPrimitive,
  options: { preferred: QuoteStyle; fallback: 'single' | 'double'; inFlow: boolean; json?: boolean },
): string {
  if (typeof value !== 'string') return value === null ? 'null' : JSON.stringify(value);
  if (options.json === true) return doubleQuoted(value);
  if (options.preferred === 'plain' && plainReadsBack(value, options.inFlow)) return value;
  const style = options.preferred === 'plain' ? options.fallback : options.preferred;
  if (style === 'single') return singleQuoted(value) ?? doubleQuoted(value);
  return doubleQuoted(value);
}
