import type { TemplateSegment } from './source-map.ts';

const OPEN = /\{\{-?\s*(if|range|with|define|block)\b/g;
const END = /\{\{-?\s*end\b/g;

/**
 * The `{{ define "name" }} … {{ end }}` blocks of a chart's template files
 * (usually _helpers.tpl), by name, as line spans. Nesting of if/range/with/
 * block inside a define is counted so that its own `end` closes it.
 */
export function namedTemplates(files: readonly { file: string; text: string }[]): Map<string, TemplateSegment> {
  const out = new Map<string, TemplateSegment>();
  for (const { file, text } of files) {
    const lines = text.split(/\r?\n/);
    let open: { name: string; first: number; depth: number } | undefined;
    lines.forEach((line, index) => {
      const number = index + 1;
      const define = /\{\{-?\s*define\s+"([^"]+)"/.exec(line);
      if (!open && define?.[1]) {
        open = { name: define[1], first: number + 1, depth: 0 };
      }
      if (!open) return;
      open.depth += (line.match(OPEN) ?? []).length - (line.match(END) ?? []).length;
      if (open.depth <= 0) {
        if (!out.has(open.name)) out.set(open.name, { file, lines, first: open.first, last: number - 1 });
        open = undefined;
      }
    });
  }
  return out;
}

/** Names given to `include "name"` or `template "name"` on a line. */
export function includedNames(line: string): string[] {
  return [...line.matchAll(/\b(?:include|template)\s+"([^"]+)"/g)].map((match) => match[1] ?? '').filter((name) => name !== '');
}
