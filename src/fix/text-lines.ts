/**
 * A text as numbered lines, and back, byte for byte.
 *
 * The line ending is '\r\n' when every line break of the text is one, '\n' otherwise
 * (a lone '\r' then stays part of its line). `lines` has one more element than the
 * text has line breaks: the part after the last break ('' when the text ends with one).
 */
export interface SplitText {
  lines: string[];
  eol: '\n' | '\r\n';
  /** Lines a 1-based line number may address: the text's lines without the empty tail. */
  count: number;
}

export function detectEol(text: string): '\n' | '\r\n' {
  const breaks = countOf(text, '\n');
  return breaks > 0 && countOf(text, '\r\n') === breaks ? '\r\n' : '\n';
}

function countOf(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

export function splitText(text: string): SplitText {
  const eol = detectEol(text);
  const lines = text.split(eol);
  const count = lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  return { lines, eol, count };
}

export function joinText(split: Pick<SplitText, 'lines' | 'eol'>): string {
  return split.lines.join(split.eol);
}
