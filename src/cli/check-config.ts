import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { CONFIG_PATH } from '../config/parse.ts';
import { loadConfig } from '../config/load.ts';
import { formatConfigProblem } from '../config/problems.ts';
import type { PreadmitConfig } from '../config/types.ts';
import type { FileTree } from '../render/roots/types.ts';

export type ConfigRead = { config: PreadmitConfig } | { problems: string[] };

function load(text: string | undefined, file: string): ConfigRead {
  const loaded = loadConfig({ text, file });
  return loaded.ok ? { config: loaded.config } : { problems: loaded.problems.map(formatConfigProblem) };
}

/** The `.github/preadmit.yml` of a tree (a revision of the repository); defaults when absent. */
export function readTreeConfig(tree: FileTree): ConfigRead {
  return load(tree.read(CONFIG_PATH), CONFIG_PATH);
}

/**
 * A configuration file found on disk (see nearestConfig), its problems named by its path
 * relative to the repository root; defaults when there is none.
 */
export function readConfigFile(file: string | undefined, root: string): ConfigRead {
  if (file === undefined) return load(undefined, CONFIG_PATH);
  const shown = relative(root, file).split(sep).join('/');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [`${shown}: cannot read it: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return load(text, shown);
}
