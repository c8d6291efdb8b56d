import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_PATH } from '../config/parse.ts';
import { loadConfig } from '../config/load.ts';
import { formatConfigProblem } from '../config/problems.ts';
import type { PreadmitConfig } from '../config/types.ts';
import type { FileTree } from '../render/roots/types.ts';

/** The repository's `.github/preadmit.yml` (defaults when absent), or located problems. */
export function readRepositoryConfig(tree: FileTree | undefined, dir: string): { config: PreadmitConfig } | { problems: string[] } {
  let text: string | undefined;
  if (tree) text = tree.read(CONFIG_PATH);
  else {
    try {
      text = readFileSync(join(dir, CONFIG_PATH), 'utf8');
    } catch {
      text = undefined;
    }
  }
  const loaded = loadConfig({ text, file: CONFIG_PATH });
  return loaded.ok ? { config: loaded.config } : { problems: loaded.problems.map(formatConfigProblem) };
}
