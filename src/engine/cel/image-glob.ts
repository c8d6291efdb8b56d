/**
 * The glob of an ImageValidatingPolicy's matchImageReferences, as Kyverno compiles it
 * (github.com/gobwas/glob without separators): `*` and `**` match any run of characters
 * (`/` included), `?` one character, `[abc]` / `[a-z]` / `[!abc]` one character of (or not
 * of) a class, `{a,b}` one of the alternatives, `\` escapes the next character. The whole
 * image reference must match.
 */

const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** The regular expression of a glob; a string error when the glob is malformed. */
export function globToRegExp(glob: string): RegExp | string {
  let out = '';
  let depth = 0;
  const chars = Array.from(glob);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === '\\') {
      const next = chars[++i];
      if (next === undefined) return `glob ${glob}: nothing to escape after \\`;
      out += escape(next);
    } else if (c === '*') {
      while (chars[i + 1] === '*') i++;
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      const end = chars.indexOf(']', i + 1);
      if (end === -1) return `glob ${glob}: unclosed [`;
      let body = chars.slice(i + 1, end);
      const negated = body[0] === '!';
      if (negated) body = body.slice(1);
      if (body.length === 0) return `glob ${glob}: empty character class`;
      const parts = body.map((ch, k) => (ch === '-' && k > 0 && k < body.length - 1 ? '-' : escape(ch)));
      out += `[${negated ? '^' : ''}${parts.join('')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else {
      out += escape(c);
    }
  }
  if (depth > 0) return `glob ${glob}: unclosed {`;
  return new RegExp(`^${out}$`, 'su');
}
