/**
 * Literal text in Markdown (a file name, a path): every character Markdown or HTML would
 * read as syntax is escaped, so `[x](http://…)`, `<img …>` or `|` in a name stay text. One line.
 */
export function mdText(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_\[\]()!|~.]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A table cell: one line, pipes escaped, at most `max` characters. */
export function cell(text: string, max = 300): string {
  const flat = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export interface FittedTable {
  text: string;
  /** Rows left out to stay within the budget. */
  omitted: number;
}

/**
 * A markdown table with as many rows as fit in `budget` characters (header included).
 * Returns '' when not even the header and one row fit.
 */
export function fitTable(header: readonly string[], rows: readonly string[][], budget: number): FittedTable {
  const head = `| ${header.join(' | ')} |\n|${header.map(() => ' --- |').join('')}\n`;
  let text = head;
  let used = 0;
  for (const row of rows) {
    const line = `| ${row.join(' | ')} |\n`;
    if (text.length + line.length > budget) break;
    text += line;
    used++;
  }
  if (used === 0) return { text: '', omitted: rows.length };
  return { text, omitted: rows.length - used };
}

/** Cut text to at most `max` characters, ending with a note when cut. */
export function clampText(text: string, max: number, note: string): string {
  if (text.length <= max) return text;
  const suffix = `\n\n${note}`;
  return text.slice(0, Math.max(0, max - suffix.length)) + suffix;
}
