/** The upstream corpora beside the checkout (../shared/corpus), and its YAML files, for tests that read them. */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = resolve(import.meta.dirname, '../../shared/corpus');

/** Every YAML file under `dir` (default: the whole corpus), in path order, .git folders left out. */
export function corpusYamlFiles(dir: string = CORPUS): string[] {
  const files: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (name.startsWith('.git')) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) files.push(path);
    }
  };
  walk(dir);
  return files;
}
