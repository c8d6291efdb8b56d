import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules']);
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export interface FoundFiles {
  files: string[];
  /** Paths that could not be listed or do not exist, with the reason. */
  errors: { path: string; message: string }[];
}

/**
 * Expand paths into manifest files (*.yaml, *.yml, *.json): files given
 * directly are kept whatever their name; directories are walked, skipping
 * node_modules and hidden directories (.git …) and not following symlinked
 * directories. Names are the given path joined with the relative path, sorted.
 */
export async function findManifestFiles(paths: readonly string[]): Promise<FoundFiles> {
  const found: FoundFiles = { files: [], errors: [] };
  for (const path of paths) {
    const info = await stat(path).catch((error: unknown) => describe(error));
    if (typeof info === 'string') found.errors.push({ path, message: info });
    else if (info.isDirectory()) await walk(path, found);
    else found.files.push(path);
  }
  return found;
}

async function walk(dir: string, found: FoundFiles): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => describe(error));
  if (typeof entries === 'string') {
    found.errors.push({ path: dir, message: entries });
    return;
  }
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of sorted) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) await walk(path, found);
    } else if (MANIFEST_FILE.test(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path))))) {
      found.files.push(path);
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isFile(), () => false);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
