/**
 * Go (RE2) regular expressions run on JavaScript's engine: leading inline flags such as
 * `(?i)` become RegExp flags, `(?P<name>` becomes `(?<name>`, `\z` and `\A` become anchors,
 * and replacement templates follow Go's Expand rules (`$1`, `${1}`, `$name`, `$$`).
 */
export function compileGoRegexp(pattern: string, global = false): RegExp {
  let source = pattern;
  let flags = global ? 'g' : '';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1] ?? '') if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  source = source.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$(?![\\s\\S])').replace(/\\A/g, '^(?<![\\s\\S])');
  try {
    return new RegExp(source, flags + 'u');
  } catch {
    // RE2 accepts escapes of any punctuation, which unicode-mode RegExp rejects.
    return new RegExp(source, flags);
  }
}

/** Expand a Go replacement template for one match. */
export function expandGoTemplate(template: string, match: RegExpExecArray | string[], groups: Record<string, string | undefined> | undefined): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '$' || i === template.length - 1) {
      out += ch;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (next === '{') {
      const close = template.indexOf('}', i + 2);
      if (close === -1) {
        out += ch;
        continue;
      }
      name = template.slice(i + 2, close);
      end = close;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (!m) {
        out += ch;
        continue;
      }
      name = m[0];
      end = i + m[0].length;
    }
    if (/^\d+$/.test(name)) out += match[Number(name)] ?? '';
    else out += groups?.[name] ?? '';
    i = end;
  }
  return out;
}
