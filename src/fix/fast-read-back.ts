import jsyaml from 'js-yaml';
import { Document, Scalar } from 'yaml';
import { deepEqual, type JsonValue } from '../core/json.ts';
import { yamlOptions } from '../manifest/yaml-options.ts';

/**
 * A quick first reading of an edited text, to confirm that it reads back as the patched
 * resources without composing it with the `yaml` package (the costliest part of planning
 * a fix): js-yaml reads plain YAML about ten times faster.
 *
 * Only a confirmation is trusted. Plain scalars are resolved by the very tags of the `yaml`
 * schema the manifests are read with (YAML 1.1 as kubectl reads it: the same tests, in the
 * same order, the same values), so a value reads the same in both. Texts where the two
 * parsers could differ in what they accept or build (see UNCERTAIN and simpleFlows) are not
 * read here, and neither are empty documents or values JSON cannot hold. Whenever this reading
 * is not a plain "every document equals the expected resource", the caller reads the text with
 * `yaml` as before, so errors and mismatches are always reported from that reading. A test
 * holds the reading to the manifest reader's on every YAML file of the corpora.
 */

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (message: string) => void, options: object) => unknown;
}

const PLAIN_TAG = 'tag:preadmit,2026:plain';

/** The manifest schema's tags that resolve plain scalars, in the order `yaml` tries them. */
function plainTags(): ScalarTag[] {
  const tags = new Document(null, yamlOptions('kubernetes')).schema.tags as unknown as ScalarTag[];
  return tags.filter((tag) => tag.default === true && tag.test instanceof RegExp);
}

function schemaOfManifests(): jsyaml.Schema {
  const tags = plainTags();
  const options = { intAsBigInt: false };
  let matched: ScalarTag | undefined;
  const plain = new jsyaml.Type(PLAIN_TAG, {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string' && (matched = tags.find((tag) => tag.test?.test(data))) !== undefined,
    construct: (data: string) => {
      const tag = matched ?? tags.find((t) => t.test?.test(data));
      matched = undefined;
      if (!tag) return data;
      let failed = false;
      const value = tag.resolve(data, () => (failed = true), options);
      if (failed) throw new Error('not resolved');
      return value instanceof Scalar ? (value.value as unknown) : value;
    },
  });
  return jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [plain] });
}

let schema: jsyaml.Schema | undefined;

/**
 * Texts where js-yaml and `yaml` could disagree on what is valid or what it means: tabs,
 * anchors, aliases and tags (`&`, `*` or `!` where a node may start: at a line's indentation,
 * after `:`, `-`, `?`, `,`, `[` or `{`; elsewhere they are text, as in `a && b` or a quoted
 * cron schedule), merge keys, directives, explicit keys, a comment right after a quoted scalar
 * (an error to `yaml` only), `__proto__`, keys that are null or empty (`yaml` names them "",
 * js-yaml "null") or a flow collection. An empty key is a `:` right after a line start, a
 * space or an indicator (written so, not as "after any spaces", the test stays linear in the
 * indentation instead of trying every space of it).
 */
export const UNCERTAIN = /[\t\uFEFF]|(?:^|[:?,[{-]) *[&*!]|<<|__proto__|^%|^[\s-]*\?(?:\s|$)|["']#|(?:^|[\s,{[-]):(?:\s|$)|(?:^|[\s,{[-])(?:~|[Nn]ull|NULL)\s*:(?:\s|$)|[\]}]\s*:(?:\s|$)/m;

/**
 * Every flow collection opens and closes on one line and holds no other (a flow collection
 * over several lines, or one in another, possibly as a key, is left to `yaml`).
 */
function simpleFlows(text: string): boolean {
  if (!/[[{]/.test(text)) return true;
  for (const line of text.split('\n')) {
    let depth = 0;
    for (const char of line) {
      if (char === '[' || char === '{') depth++;
      else if (char === ']' || char === '}') depth--;
      if (depth > 1 || depth < 0) return false;
    }
    if (depth !== 0) return false;
  }
  return true;
}

/** Whether a value is JSON as `yaml` would hand it over: strings, finite numbers, booleans, null, lists, plain objects. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isPlainJson);
  return false;
}

/**
 * The text's documents as JSON, read quickly; undefined when this reading cannot be sure to
 * be the one the manifest reader makes (the text is then to be read with `yaml`).
 */
export function quickReading(text: string): JsonValue[] | undefined {
  if (UNCERTAIN.test(text) || !simpleFlows(text)) return undefined;
  let docs: unknown[];
  try {
    docs = jsyaml.loadAll(text, null, { schema: (schema ??= schemaOfManifests()) });
  } catch {
    return undefined;
  }
  // an empty document (where the two count documents differently, as in a text of comments) is left to `yaml`
  return docs.every((doc) => doc !== null && doc !== undefined && isPlainJson(doc)) ? (docs as JsonValue[]) : undefined;
}

/** True when the text certainly reads back as `expected`, one document each; false when the quick reading cannot tell. */
export function readsBackQuickly(text: string, expected: readonly JsonValue[]): boolean {
  const docs = quickReading(text);
  return docs !== undefined && docs.length === expected.length && docs.every((doc, i) => deepEqual(doc, expected[i] as JsonValue));
}
