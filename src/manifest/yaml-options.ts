import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

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
