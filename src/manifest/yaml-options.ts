import { Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

export type YamlDialect = 'kubernetes' | 'json';

/**
 * Options for the `yaml` package's composer.
 *
 * 'kubernetes' reads plain scalars the way kubectl does (sigs.k8s.io/yaml on
 * go-yaml v2, i.e. YAML 1.1): `yes`/`on`/`y` are booleans, `0644` is octal
 * (420), `<<` merge keys work. Like go-yaml decoding into interface{},
 * timestamps stay strings and there is no base-60 (`1:30` stays a string);
 * `!!binary`, `!!set`, `!!omap` and `!!pairs` are not turned into non-JSON values.
 *
 * 'json' is used for *.json files: YAML 1.2 core schema (JSON is valid YAML 1.2).
 */
export function yamlOptions(dialect: YamlDialect): ParseOptions & DocumentOptions & SchemaOptions {
  const common = { uniqueKeys: true, prettyErrors: false, intAsBigInt: false, logLevel: 'error' } as const;
  if (dialect === 'json') return { ...common, version: '1.2', schema: 'core', merge: false };
  return {
    ...common,
    version: '1.1',
    schema: 'yaml-1.1',
    merge: true,
    customTags: (tags) =>
      tags.filter((tag) => {
        if (typeof tag !== 'object' || tag === null) return true;
        const named = tag as { tag?: string; format?: string };
        if (named.format === 'TIME') return false;
        return !NON_JSON_TAGS.has(named.tag ?? '');
      }),
  };
}

const NON_JSON_TAGS = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
]);

type YamlOptions = ReturnType<typeof yamlOptions>;

/** The options of each dialect, 'kubernetes' with its schema built once (see sharedYamlOptions). */
const SHARED = new Map<string, YamlOptions>();

/**
 * yamlOptions for reading `text`, the same object for every text of a dialect; `extra` (the
 * same for every call with the same key) is added. Without `%YAML` directives, a 'kubernetes'
 * text's documents share one schema instead of each building its own (building it is a fifth
 * of composing a small manifest): the YAML 1.1 schema is never changed by the documents that
 * use it (unlike YAML 1.2's, which records the known tags a document uses). A text that may
 * declare a version gets the plain options: each document picks its schema by its version.
 */
export function sharedYamlOptions(dialect: YamlDialect, text: string, extra?: { keepSourceTokens: boolean }): YamlOptions {
  const declared = text.includes('%YAML');
  const key = `${dialect}/${declared}/${extra?.keepSourceTokens ?? ''}`;
  let options = SHARED.get(key);
  if (options === undefined) {
    const plain = { ...yamlOptions(dialect), ...extra };
    options = dialect === 'kubernetes' && !declared ? { ...plain, schema: new Document(null, yamlOptions(dialect)).schema } : plain;
    SHARED.set(key, options);
  }
  return options;
}
