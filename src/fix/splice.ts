import type { Layout } from './render-value.ts';

/** Replace text[start, end) with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** The text of the file being edited, and how new YAML is written in it. */
export interface EditContext {
  text: string;
  layout: Layout;
  eol: '\n' | '\r\n';
}

export function applySplice(text: string, splice: Splice): string {
  return text.slice(0, splice.start) + splice.text + text.slice(splice.end);
}

/** Insert whole lines at a line start (`at`), or after the last line when it has no line break. */
export function insertLines(ctx: EditContext, at: number, lines: string[]): Splice {
  const body = lines.join(ctx.eol);
  const lastLineOpen = at === ctx.text.length && ctx.text.length > 0 && !ctx.text.endsWith('\n');
  return { start: at, end: at, text: lastLineOpen ? ctx.eol + body : body + ctx.eol };
}

/** Replace text from `start` to the end of a line (`end`, just after its line break) with lines. */
export function replaceToLineEnd(ctx: EditContext, start: number, end: number, lines: string[]): Splice {
  const keepsBreak = ctx.text.slice(start, end).endsWith('\n');
  return { start, end, text: lines.join(ctx.eol) + (keepsBreak ? ctx.eol : '') };
}
