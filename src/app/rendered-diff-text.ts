import type { RootReport } from '../pipeline/check-tree.ts';
import type { RenderedChange } from '../pipeline/rendered-diff.ts';

/** Room left for the rendered diff in output.text (GitHub allows 65,535 characters). */
const BUDGET = 60_000;

/**
 * The rendered diff for the check run's text: what the cluster will see change, per resource
 * and root, each diff folded in <details>. Pure.
 */
export function renderedDiffMarkdown(changes: readonly RenderedChange[], roots: readonly RootReport[]): string {
  const rendered = roots.filter((r) => r.renderer !== 'plain');
  const rootList = rendered.map((r) => `\`${r.path}\` (${r.renderer}${r.error ? ', did not render' : `, ${r.resources} resources`})`).join(', ');
  let text = `### Rendered changes\n\nRendered ${rendered.length} root(s) the change reaches: ${rootList || 'none'}.\n`;
  if (changes.length === 0) return `${text}\nThe rendered resources do not change.\n`;
  text += `\n${changes.length} rendered resource(s) change:\n`;
  let shown = 0;
  for (const change of changes) {
    const fence = change.diff.includes('```') ? '````' : '```';
    const block = `\n<details><summary>${change.change} <code>${change.resource}</code> — ${change.roots.map((r) => `<code>${r}</code>`).join(', ')}</summary>\n\n${fence}diff\n${change.diff.trimEnd()}\n${fence}\n</details>\n`;
    if (text.length + block.length > BUDGET) break;
    text += block;
    shown++;
  }
  if (shown < changes.length) text += `\n…and ${changes.length - shown} more rendered change(s), left out to stay within GitHub's output limit.\n`;
  return text;
}
