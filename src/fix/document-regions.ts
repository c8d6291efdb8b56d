/** Where one document of a YAML stream lies: [start, end) offsets, from its directives to the next document's. */
export interface Region {
  start: number;
  end: number;
}

const DOC_START = /^---(?:[ \t\r]|$)/;
const DOC_END = /^\.\.\.(?:[ \t\r]|$)/;
const IDLE = /^[ \t]*(?:#.*)?\r?$/;

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
  while (at < text.length) {
    const next = text.indexOf('\n', at);
    const end = next === -1 ? text.length : next + 1;
    let line = text.slice(at, next === -1 ? text.length : next);
    if (at === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (DOC_START.test(line)) {
      starts.push(pending ?? at);
      pending = undefined;
      open = true;
    } else if (DOC_END.test(line)) {
      open = false;
    } else if (!open && line.startsWith('%')) {
      pending ??= at;
    } else if (!open && !IDLE.test(line)) {
      starts.push(pending ?? at);
      pending = undefined;
      open = true;
    }
    at = end;
  }
  return starts.map((start, i) => ({ start: i === 0 ? 0 : start, end: starts[i + 1] ?? text.length }));
}
