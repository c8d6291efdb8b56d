import { includedNames } from './named-templates.ts';
import type { TemplateSegment } from './source-map.ts';
import { escapeRegExp } from '../../core/escape-regexp.ts';

/**
 * `helm template` output that is not valid YAML, said on the template that wrote it. The
 * output's line numbers mean nothing to a person: the `# Source:` comment above the failing
 * line names the template, and a key written twice in one mapping (the usual cause: a labels
 * helper the template includes writes a key the template writes again) is placed on the
 * template's line that writes the key, else on its first line that includes a named template
 * writing it, else on the template's first line.
 */

/** The template (`chart/templates/x.yaml`) whose output holds output line `line`. */
export function sourceOfOutputLine(stdout: string, line: number): string | undefined {
  const lines = stdout.split('\n', line);
  for (let index = Math.min(line, lines.length) - 1; index >= 0; index--) {
    const match = /^# Source: (.+?)\s*$/.exec(lines[index] ?? '');
    if (match?.[1]) return match[1];
  }
  return undefined;
}

const DUPLICATE = /Map keys must be unique: (.+?) appears twice in the same mapping/;


/**
 * The located message for an output error at output line `line` whose parser message is
 * `problem`: `file:line:column: …`, with `file` the template's path in the repository and
 * `text` the template's text (undefined when it cannot be read: its first line is taken) and
 * `defines` the chart's named templates.
 */
export function outputErrorMessage(template: string, text: string | undefined, outputLine: number, problem: string, defines: ReadonlyMap<string, TemplateSegment> = new Map()): string {
  const key = DUPLICATE.exec(problem)?.[1]?.replace(/^(["'])(.*)\1$/, '$2');
  if (key === undefined) {
    return `${template}:1:1: the output of this template is not valid YAML (line ${outputLine} of helm template's output): ${problem}; fix the template so it renders valid YAML`;
  }
  const keyLine = new RegExp(`^(\\s*(?:-\\s+)?)["']?${escapeRegExp(key)}["']?\\s*:(\\s|$)`);
  const lines = text?.split(/\r?\n/) ?? [];
  const writes = (name: string): boolean => {
    const named = defines.get(name);
    return named !== undefined && named.lines.slice(named.first - 1, named.last).some((l) => keyLine.test(l));
  };
  let index = lines.findIndex((l) => keyLine.test(l));
  if (index < 0) index = lines.findIndex((l) => includedNames(l).some(writes));
  const line = lines[index] ?? '';
  const place = index < 0 ? '1:1' : `${index + 1}:${(keyLine.exec(line)?.[1] ?? /^\s*/.exec(line)?.[0] ?? '').length + 1}`;
  return (
    `${template}:${place}: this template renders the key "${key}" twice in one mapping (line ${outputLine} of helm template's output). ` +
    `helm install keeps the last one, but YAML forbids duplicate keys and strict readers (Flux's post-renderer, kustomize's helm inflator) refuse the chart: ` +
    `render the key once (a helper the template includes may write it already)`
  );
}
