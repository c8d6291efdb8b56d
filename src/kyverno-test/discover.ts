import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** Every test file under the given paths (a path may also name a test file itself), sorted. */
export async function discoverTestFiles(paths: readonly string[], fileName = 'kyverno-test.yaml'): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
      } else if (entry.isFile() && entry.name === fileName) {
        files.push(full);
      }
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) missing.push(path);
    else if (info.isDirectory()) await walk(path);
    else if (basename(path) === fileName || info.isFile()) files.push(path);
  }
  return { files: [...new Set(files)].sort(), missing };
}
