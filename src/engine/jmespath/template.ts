import type { JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { goJsonMarshal } from './go-json.ts';

/** `{{ … }}` not preceded by a backslash; one level of single braces may nest inside. */
const VARIABLE = /(^|[^\\])(\{\{(?:\{[^{}]*\}|[^{}])*\}\})/g;
/** `\{{ … }}`: an escaped variable, left literal (without the backslash). */
const ESCAPED_VARIABLE = /\\\{\{(?:\{[^{}]*\}|[^{}])*\}\}/g;

/** Passes over one string before giving up (a value that keeps producing variables). */
const MAX_PASSES = 100;

/** Resolve one variable's expression (braces removed, trimmed) to its value. */
export type Resolver = (variable: string) => Outcome<JsonValue>;

/** Does the string hold a variable Kyverno would substitute? */
export function hasVariable(text: string): boolean {
  VARIABLE.lastIndex = 0;
  return VARIABLE.test(text);
}

/** The variables a string holds as written (each `{{ … }}`, not the escaped ones), in order. */
export function variableMatches(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[2] ?? '');
}

export function variableName(match: string): string {
  return match.replaceAll('{{', '').replaceAll('}}', '').trim();
}

/** One pass over a string: each variable with the character before it (as VARIABLE matches). */
interface Pass {
  matches: { prefix: string; variable: string; name: string }[];
}

/** Passes of the strings policies hold (the same few, again and again); bounded. */
const PASSES = new Map<string, Pass>();

function passOf(value: string, remember: boolean): Pass {
  let pass = PASSES.get(value);
  if (pass === undefined) {
    pass = {
      matches: [...value.matchAll(VARIABLE)].map((m) => {
        const variable = m[2] ?? '';
        return { prefix: m[1] ?? '', variable, name: variableName(variable) };
      }),
    };
    if (remember && PASSES.size < 20_000) PASSES.set(value, pass);
  }
  return pass;
}

/**
 * Substitute the variables in one string, as Kyverno's substituteVariablesIfAny: a string
 * that is exactly one variable becomes the variable's raw value; otherwise each variable is
 * replaced by its value as text (strings as they are, other values as JSON). Inner
 * variables resolve first, so `{{ a.{{b}} }}` works; escaped `\{{ }}` stay, minus the `\`.
 */
export function substituteString(text: string, resolve: Resolver): Outcome<JsonValue> {
  if (!text.includes('{{')) return ok(text);
  let value = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // the first pass reads the policy's own text: remembered; later ones hold resource values
    const { matches } = passOf(value, pass === 0);
    if (matches.length === 0) return ok(value.includes('\\{{') ? value.replace(ESCAPED_VARIABLE, (m) => m.slice(1)) : value);
    const original = value;
    for (const { prefix, variable, name } of matches) {
      const resolved = resolve(name);
      if (!resolved.ok) return resolved;
      if (original === variable) return ok(resolved.value);
      const replacement = typeof resolved.value === 'string' ? resolved.value : goJsonMarshal(resolved.value);
      const at = value.indexOf(prefix + variable);
      if (at !== -1) value = value.slice(0, at) + prefix + replacement + value.slice(at + prefix.length + variable.length);
    }
  }
  return err(`variable substitution did not settle after ${MAX_PASSES} passes in "${text}"`);
}
