import { isAbsolute, relative, sep } from 'node:path';
import type { ParsedFile } from '../manifest/types.ts';

/** Show file names relative to a directory, with forward slashes, as reports and GitHub expect. */
export function displayPath(file: string, cwd: string): string {
  const shown = isAbsolute(file) ? relative(cwd, file) || '.' : file;
  return shown.split(sep).join('/');
}

/** Rename every file reference of parsed files to its display path. */
export function relativizeFiles(files: readonly ParsedFile[], cwd: string): ParsedFile[] {
  return files.map((file) => {
    const name = displayPath(file.file, cwd);
    return {
      ...file,
      file: name,
      resources: file.resources.map((r) => ({ ...r, origin: { ...r.origin, file: name } })),
      problems: file.problems.map((p) => ({ ...p, file: name })),
    };
  });
}
