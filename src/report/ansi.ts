import type { Severity } from '../engine/types.ts';

export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'green';

const CODES: Readonly<Record<Style, readonly [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

/** Wrap text in an ANSI style when colour is on; plain text otherwise. */
export function paint(style: Style, text: string, enabled: boolean): string {
  if (!enabled || text === '') return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

export const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = {
  critical: 'magenta',
  high: 'red',
  medium: 'yellow',
  low: 'blue',
  info: 'dim',
};
