import { open } from 'node:fs/promises';
import { decodeManifestBytes } from './decode-text.ts';
import { findManifestFiles } from './find-files.ts';
import { parseManifestText } from './parse.ts';
import { resolveLimits } from './parse-options.ts';
import type { ParseLimits } from './parse-options.ts';
import { fileProblem, formatBytes } from './problems.ts';
import type { ParsedFile } from './types.ts';

/**
 * Read and parse manifest files and directories (see findManifestFiles).
 * A file's size is checked before it is read; unreadable, too large, binary
 * and non-UTF-8 files become a ParsedFile with one problem. Never rejects.
 */
export async function readManifestFiles(paths: readonly string[], options?: ParseLimits): Promise<ParsedFile[]> {
  const found = await findManifestFiles(paths).catch((error: unknown) => ({
    files: [] as string[],
    errors: [{ path: paths.join(', '), message: error instanceof Error ? error.message : String(error) }],
  }));
  const results: ParsedFile[] = found.errors.map(({ path, message }) => failed(path, `Could not read: ${message}`));
  for (const file of found.files) results.push(await readOne(file, options));
  return results;
}

async function readOne(file: string, options: ParseLimits | undefined): Promise<ParsedFile> {
  const { maxBytes } = resolveLimits(options);
  let bytes: Uint8Array;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) {
        return failed(file, `File is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit; it was not read.`);
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return failed(file, `Could not read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const decoded = decodeManifestBytes(file, bytes);
  if (!decoded.ok) return { file, resources: [], skipped: 0, problems: [decoded.problem] };
  return parseManifestText(file, decoded.text, options);
}

function failed(file: string, message: string): ParsedFile {
  return { file, resources: [], skipped: 0, problems: [fileProblem(file, message)] };
}
