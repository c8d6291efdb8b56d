import type { JsonValue } from '../../../core/json.ts';
import { wildcardMatch } from '../../wildcard.ts';
import { compileGoRegexp, expandGoTemplate } from '../go-regexp.ts';
import { FunctionError, numberArg, scalarToString, stringArg, type KyvernoFunction } from '../function-types.ts';

/**
 * Compiled patterns by text (policies match the same few on every resource); bounded. Shared
 * safely: a global one is only used through matchAll (which copies it), others through test.
 */
const COMPILED = new Map<string, RegExp>();

function compile(name: string, pattern: string, global: boolean): RegExp {
  const key = `${global ? 'g' : '-'}${pattern}`;
  const known = COMPILED.get(key);
  if (known !== undefined) return known;
  let re: RegExp;
  try {
    re = compileGoRegexp(pattern, global);
  } catch (e) {
    throw new FunctionError(name, `error parsing regexp: ${(e as Error).message}`);
  }
  if (COMPILED.size < 2000) COMPILED.set(key, re);
  return re;
}

/** Go's strings.Replace(s, old, new, n); n < 0 replaces all. */
function goReplace(s: string, old: string, replacement: string, n: number): string {
  if (n === 0 || old === replacement) return s;
  if (old === '') {
    const chars = Array.from(s);
    let out = '';
    let done = 0;
    for (let i = 0; i <= chars.length; i++) {
      if (n < 0 || done < n) {
        out += replacement;
        done++;
      }
      out += chars[i] ?? '';
    }
    return out;
  }
  let out = '';
  let rest = s;
  let done = 0;
  while (n < 0 || done < n) {
    const at = rest.indexOf(old);
    if (at === -1) break;
    out += rest.slice(0, at) + replacement;
    rest = rest.slice(at + old.length);
    done++;
  }
  return out + rest;
}

/** Go's strings.Trim(s, cutset). */
function goTrim(s: string, cutset: string): string {
  const cut = new Set(Array.from(cutset));
  const chars = Array.from(s);
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start] ?? '')) start++;
  while (end > start && cut.has(chars[end - 1] ?? '')) end--;
  return chars.slice(start, end).join('');
}

/** Go's filepath.Clean after Join (Unix): "" stays "". */
function cleanPath(p: string): string {
  if (p === '') return '';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else {
      out.push(part);
    }
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

function regexReplace(name: string, args: JsonValue[], literal: boolean): string {
  const re = compile(name, stringArg(name, args, 0), true);
  const src = scalarToString(name, args, 1);
  const repl = scalarToString(name, args, 2);
  let out = '';
  let last = 0;
  for (const m of src.matchAll(re)) {
    out += src.slice(last, m.index) + (literal ? repl : expandGoTemplate(repl, m, m.groups));
    last = m.index + m[0].length;
  }
  return out + src.slice(last);
}

export const STRING_FUNCTIONS: readonly KyvernoFunction[] = [
  {
    name: 'compare', arity: 2,
    call: (a) => {
      const x = stringArg('compare', a, 0);
      const y = stringArg('compare', a, 1);
      return x === y ? 0 : x < y ? -1 : 1;
    },
  },
  { name: 'equal_fold', arity: 2, call: (a) => stringArg('equal_fold', a, 0).toLowerCase() === stringArg('equal_fold', a, 1).toLowerCase() },
  {
    name: 'replace', arity: 4,
    call: (a) => goReplace(stringArg('replace', a, 0), stringArg('replace', a, 1), stringArg('replace', a, 2), Math.trunc(numberArg('replace', a, 3))),
  },
  { name: 'replace_all', arity: 3, call: (a) => goReplace(stringArg('replace_all', a, 0), stringArg('replace_all', a, 1), stringArg('replace_all', a, 2), -1) },
  { name: 'to_upper', arity: 1, call: (a) => stringArg('to_upper', a, 0).toUpperCase() },
  { name: 'to_lower', arity: 1, call: (a) => stringArg('to_lower', a, 0).toLowerCase() },
  { name: 'trim', arity: 2, call: (a) => goTrim(stringArg('trim', a, 0), stringArg('trim', a, 1)) },
  {
    name: 'trim_prefix', arity: 2,
    call: (a) => {
      const s = stringArg('trim_prefix', a, 0);
      const prefix = stringArg('trim_prefix', a, 1);
      return s.startsWith(prefix) ? s.slice(prefix.length) : s;
    },
  },
  {
    name: 'split', arity: 2,
    call: (a) => {
      const s = stringArg('split', a, 0);
      const sep = stringArg('split', a, 1);
      return sep === '' ? Array.from(s) : s.split(sep);
    },
  },
  { name: 'regex_replace_all', arity: 3, call: (a) => regexReplace('regex_replace_all', a, false) },
  { name: 'regex_replace_all_literal', arity: 3, call: (a) => regexReplace('regex_replace_all_literal', a, true) },
  {
    name: 'regex_match', arity: 2,
    call: (a) => compile('regex_match', stringArg('regex_match', a, 0), false).test(scalarToString('regex_match', a, 1)),
  },
  {
    name: 'pattern_match', arity: 2,
    call: (a) => wildcardMatch(stringArg('pattern_match', a, 0), scalarToString('pattern_match', a, 1)),
  },
  { name: 'path_canonicalize', arity: 1, call: (a) => cleanPath(stringArg('path_canonicalize', a, 0)) },
  {
    name: 'truncate', arity: 2,
    call: (a) => {
      const s = stringArg('truncate', a, 0);
      const length = Math.max(0, Math.trunc(numberArg('truncate', a, 1)));
      return Array.from(s).slice(0, length).join('');
    },
  },
  {
    name: 'to_boolean', arity: 1,
    call: (a) => {
      const s = stringArg('to_boolean', a, 0);
      const lower = s.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw new FunctionError('to_boolean', `lowercase argument must be 'true' or 'false' (provided: '${s}')`);
    },
  },
];
