import type { TemplateSegment } from './source-map.ts';
import { escapeRegExp } from '../../core/escape-regexp.ts';

/**
 * A dict key that stands for the chart's context (`"root" .`), or for a values key (`"values" .Values.metastore`).
 * The arguments of a `list` are keyed `#0`, `#1` … by position.
 */
export type Binding = { root: true } | { values: string };

const KEY = /^[A-Za-z_][\w-]*$/;

const bound = (value: string): Binding => (value === '.' || value === '$' ? { root: true } : { values: value.replace(/^\$/, '') });

/** A context or values reference: `.`, `$`, `.Values.x`, `$.Values.x`. */
const REFERENCE = /^(\$?\.Values(?:\.[A-Za-z_][\w-]*)*|\$|\.)$/;

/**
 * What the keys of a `dict` passed to an include stand for, read from the include's text:
 * `(dict "root" . "values" .Values.metastore "component" "metastore")` binds root to the
 * chart's context and values to `.Values.metastore` (other keys are not followed). The
 * arguments of a `list` bind by position: `(list $ "config-reload" "sidecar")` binds `#0` to
 * the chart's context, which `{{- $root := index . 0 -}}` in the named template reads.
 */
export function dictBindings(text: string): Map<string, Binding> {
  const out = new Map<string, Binding>();
  if (/\bdict\b/.test(text)) {
    for (const match of text.matchAll(/"([^"]+)"\s+(\$?\.Values(?:\.[A-Za-z_][\w-]*)*|\$|\.)(?=[\s)])/g)) {
      const [, key = '', value = ''] = match;
      if (KEY.test(key)) out.set(key, bound(value));
    }
  }
  const list = /\(\s*list\s+([^()]*)\)/.exec(text);
  const args = list?.[1]?.match(/"[^"]*"|\S+/g) ?? [];
  args.forEach((arg, index) => {
    if (REFERENCE.test(arg)) out.set(`#${index}`, bound(arg));
  });
  return out;
}

/**
 * A named template's lines with the dict's keys written as what they stand for, line for line:
 * `.values.image` reads `.Values.metastore.image` and `.root.Values.x` reads `.Values.x`, so
 * the values references of a template written once for several components are followed.
 */
export function withBindings(named: TemplateSegment, bindings: ReadonlyMap<string, Binding>): TemplateSegment {
  if (bindings.size === 0) return named;
  const rules = [...bindings].filter(([key]) => !key.startsWith('#')).map(([key, binding]) =>
    'root' in binding
      ? { pattern: new RegExp(`(^|[^\\w$.])\\$?\\.${escapeRegExp(key)}\\.Values(?=[.\\s}|)]|$)`, 'g'), to: '$1.Values' }
      : { pattern: new RegExp(`(^|[^\\w$.])\\$?\\.${escapeRegExp(key)}(?=[.\\s}|)]|$)`, 'g'), to: `$1${binding.values}` },
  );
  // variables set to a bound key (`{{- $values := .values -}}`, `{{- $root := index . 0 -}}`) stand for the same
  for (const line of named.lines.slice(named.first - 1, named.last)) {
    for (const [, variable = '', key, position] of line.matchAll(/\{\{-?\s*\$([A-Za-z_]\w*)\s*:=\s*(?:\.([A-Za-z_][\w-]*)|index\s+\.\s+(\d+))\s*-?\}\}/g)) {
      const binding = bindings.get(key ?? `#${position ?? ''}`);
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

/** `{{- $name := .Values.a.b }}`, optionally `| default …`: a variable set to a values key. */
const VALUES_VARIABLE = /\{\{-?\s*\$([A-Za-z_]\w*)\s*:=\s*(\$?\.Values(?:\.[A-Za-z_][\w-]*)+)\s*(?:\|\s*default\s+[^}]*?)?\s*-?\}\}/g;

/**
 * A template part's lines with each variable set once to a values key (`{{- $sc := .Values.securityContext | default dict }}`)
 * written as that key where it is used (`toYaml $sc` reads `toYaml .Values.securityContext`), line for line.
 * A variable set again (`=`), or also set by a `range`, is left alone.
 */
export function withValueVariables(part: TemplateSegment): TemplateSegment {
  const text = part.lines.slice(part.first - 1, part.last);
  const found = new Map<string, string>();
  for (const line of text) for (const [, variable = '', values = ''] of line.matchAll(VALUES_VARIABLE)) found.set(variable, found.has(variable) ? '' : values.replace(/^\$/, ''));
  const rules: { pattern: RegExp; to: string }[] = [];
  for (const [variable, values] of found) {
    const assigned = new RegExp(`\\$${variable}\\s*(?::=|=)`, 'g');
    const times = text.reduce((count, line) => count + (line.match(assigned)?.length ?? 0), 0);
    if (values === '' || times !== 1 || text.some((line) => new RegExp(`range\\s+(?:\\$\\w+\\s*,\\s*)?\\$${variable}\\b\\s*:=`).test(line))) continue;
    rules.push({ pattern: new RegExp(`\\$${variable}(?![\\w])(?!\\s*:?=)`, 'g'), to: values });
  }
  if (rules.length === 0) return part;
  const lines = part.lines.map((line, index) => (index + 1 < part.first || index + 1 > part.last ? line : rules.reduce((out, rule) => out.replace(rule.pattern, rule.to), line)));
  return { ...part, lines };
}

/** The chart's own objects, which keep their meaning inside `with` (as `$.Release` would). */
const BUILT_INS = new Set(['Values', 'Release', 'Chart', 'Capabilities', 'Files', 'Template']);

const OPENS_BLOCK = /^\s*-?\s*(if|with|range|define|block)\b/;

/** An action's text with `.` read as `scope` (`.tag` → `.Values.image.tag`, `.` → `.Values.image`). */
function inScope(action: string, scope: string): string {
  return action
    .replace(/(^|[\s(|,])\.([A-Za-z_]\w*)/g, (all, before: string, name: string) => (BUILT_INS.has(name) ? all : `${before}${scope}.${name}`))
    .replace(/(^|[\s(|,])\.(?=[\s)|,]|$)/g, `$1${scope}`);
}

/**
 * A template part's lines with `.` inside `{{- with .Values.x }}` written as what it stands
 * for (`{{ .tag }}` reads `{{ .Values.x.tag }}`, `toYaml .` reads `toYaml .Values.x`), line for
 * line; nested `with` follow their parent, and inside a `range` (or a `with` of anything else)
 * `.` is left alone.
 */
export function withDotScopes(part: TemplateSegment): TemplateSegment {
  if (!part.lines.slice(part.first - 1, part.last).some((line) => /\{\{-?\s*with\b/.test(line))) return part;
  // the scope `.` stands for in each open block (undefined: unknown, or not a values key); `if` keeps its parent's
  const stack: { scope: string | undefined; keeps: boolean }[] = [];
  const current = (): string | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) if (!stack[i]?.keeps) return stack[i]?.scope;
    return undefined;
  };
  let changed = false;
  const lines = part.lines.map((line, index) => {
    if (index + 1 < part.first || index + 1 > part.last || !line.includes('{{')) return line;
    return line.replace(/\{\{(-?)([\s\S]*?)(-?)\}\}/g, (all, open: string, body: string, close: string) => {
      const scope = current();
      const trimmed = body.trim();
      if (/^end\b/.test(trimmed)) {
        stack.pop();
        return all;
      }
      if (/^(else|\/\*)/.test(trimmed)) return all;
      const opened = OPENS_BLOCK.exec(body)?.[1];
      const rewritten = scope === undefined ? body : inScope(body, scope);
      if (opened === 'with') {
        const subject = /^\s*with\s+(\$?\.Values(?:\.[A-Za-z_][\w-]*)*)\s*$/.exec(rewritten)?.[1];
        stack.push({ scope: subject?.replace(/^\$/, ''), keeps: false });
      } else if (opened === 'range' || opened === 'define' || opened === 'block') {
        stack.push({ scope: undefined, keeps: false });
      } else if (opened === 'if') {
        stack.push({ scope: undefined, keeps: true });
      }
      if (rewritten === body) return all;
      changed = true;
      return `{{${open}${rewritten}${close}}}`;
    });
  });
  return changed ? { ...part, lines } : part;
}
