/** Where one document of a YAML stream lies: [start, end) offsets, from its directives to the next document's. */
export interface Region {
  start: number;
  end: number;
}

const DASH = 45;
const DOT = 46;
const PERCENT = 37;
const HASH = 35;
const SPACE = 32;
const TAB = 9;
const CR = 13;

/** Whether the line [from, to) is a `---` or `...` marker: three of `char`, then the end, a blank or a comment's space. */
function isMarker(text: string, from: number, to: number, char: number): boolean {
  if (to - from < 3 || text.charCodeAt(from + 1) !== char || text.charCodeAt(from + 2) !== char) return false;
  if (from + 3 === to) return true;
  const after = text.charCodeAt(from + 3);
  return after === SPACE || after === TAB || after === CR;
}

/** Whether the line [from, to) says nothing: blanks, then nothing, a comment, or a carriage return. */
function isIdle(text: string, from: number, to: number): boolean {
  let at = from;
  while (at < to && (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB)) at++;
  if (at === to) return true;
  const char = text.charCodeAt(at);
  return char === HASH || (char === CR && at + 1 === to);
}

/**
 * The documents of a YAML stream found line by line, counted as the `yaml` package's
 * composer counts them: a `---` line starts a document; outside a document (at the start,
 * after `...`) the first line of content starts one, while blank lines, comments and
 * `%` directives do not (directives belong to the document that follows). The YAML spec
 * forbids `---` and `...` at the start of a line inside any node, so no parse is needed.
 * Regions cover the whole text: the first starts at 0, each ends where the next starts.
 */
export function documentRegions(text: string): Region[] {
  const starts: number[] = [];
  let open = false;
  let pending: number | undefined; // start of directives waiting for their document
  let at = 0;
  // line by line, without copying lines: a large multi-document file is scanned often
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    const from = at === 0 && text.charCodeAt(0) === 0xfeff ? 1 : at;
    const first = text.charCodeAt(from);
    if (first === DASH && isMarker(text, from, end, DASH)) {
      starts.push(pending ?? at);
      pending = undefined;
      open = true;
    } else if (first === DOT && isMarker(text, from, end, DOT)) {
      open = false;
    } else if (!open && first === PERCENT) {
      pending ??= at;
    } else if (!open && !isIdle(text, from, end)) {
      starts.push(pending ?? at);
      pending = undefined;
      open = true;
    }
    at = end + 1;
  }
  return starts.map((start, i) => ({ start: i === 0 ? 0 : start, end: starts[i + 1] ?? text.length }));
}
