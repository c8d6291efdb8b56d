import type { TemplateSegment } from './source-map.ts';

/** A dict key that stands for the chart's context (`"root" .`), or for a values key (`"values" .Values.metastore`). */
export type Binding = { root: true } | { values: string };

const KEY = /^[A-Za-z_][\w-]*$/;

/**
 * What the keys of a `dict` passed to an include stand for, read from the include's text:
 * `(dict "root" . "values" .Values.metastore "component" "metastore")` binds root to the
 * chart's context and values to `.Values.metastore` (other keys are not followed).
 */
export function dictBindings(text: string): Map<string, Binding> {
  const out = new Map<string, Binding>();
  if (!/\bdict\b/.test(text)) return out;
  for (const match of text.matchAll(/"([^"]+)"\s+(\$?\.Values(?:\.[A-Za-z_][\w-]*)*|\$|\.)(?=[\s)])/g)) {
    const [, key = '', value = ''] = match;
    if (!KEY.test(key)) continue;
    out.set(key, value === '.' || value === '$' ? { root: true } : { values: value.replace(/^\$/, '') });
  }
  return out;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A named template's lines with the dict's keys written as what they stand for, line for line:
 * `.values.image` reads `.Values.metastore.image` and `.root.Values.x` reads `.Values.x`, so
 * the values references of a template written once for several components are followed.
 */
export function withBindings(named: TemplateSegment, bindings: ReadonlyMap<string, Binding>): TemplateSegment {
  if (bindings.size === 0) return named;
  const rules = [...bindings].map(([key, binding]) =>
    'root' in binding
      ? { pattern: new RegExp(`(^|[^\\w$.])\\$?\\.${escape(key)}\\.Values(?=[.\\s}|)]|$)`, 'g'), to: '$1.Values' }
      : { pattern: new RegExp(`(^|[^\\w$.])\\$?\\.${escape(key)}(?=[.\\s}|)]|$)`, 'g'), to: `$1${binding.values}` },
  );
  // variables set to a bound key (`{{- $values := .values -}}`) stand for the same
  for (const line of named.lines.slice(named.first - 1, named.last)) {
    for (const [, variable = '', key = ''] of line.matchAll(/\{\{-?\s*\$([A-Za-z_]\w*)\s*:=\s*\.([A-Za-z_][\w-]*)\s*-?\}\}/g)) {
      const binding = bindings.get(key);
      if (binding === undefined) continue;
      rules.push(
        'root' in binding
          ? { pattern: new RegExp(`(^|[^\\w$.])\\$${variable}\\.Values(?=[.\\s}|)]|$)`, 'g'), to: '$1.Values' }
          : { pattern: new RegExp(`(^|[^\\w$.])\\$${variable}(?=[.\\s}|)]|$)`, 'g'), to: `$1${binding.values}` },
      );
    }
  }
  const lines = named.lines.map((line, index) => (index + 1 < named.first || index + 1 > named.last ? line : rules.reduce((text, rule) => text.replace(rule.pattern, rule.to), line)));
  return { ...named, lines };
}
