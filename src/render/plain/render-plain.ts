import { readFile, realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { parseManifestText } from '../../manifest/parse.ts';
import type { TempTree } from '../temp-tree.ts';
import type { RenderedResource, RenderOptions, RenderResult, RenderRoot } from '../types.ts';

/** A plain manifest file is its own rendering: every field maps to itself. */
export async function renderPlain(root: RenderRoot, temp: TempTree, _options: RenderOptions): Promise<RenderResult> {
  const path = resolve(temp.tree, root.path);
  const file = relative(temp.tree, path).split(sep).join('/');
  if (file.startsWith('..')) return { root, error: `${root.path} is outside the repository` };
  let text: string;
  try {
    const real = await realpath(path);
    if (relative(await realpath(temp.tree), real).split(sep)[0] === '..') return { root, error: `${file} links to a file outside the repository` };
    text = await readFile(real, 'utf8');
  } catch (error) {
    return { root, error: `could not read ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = parseManifestText(file, text);
  const problem = parsed.problems[0];
  if (problem) return { root, error: `${file}:${problem.range.start.line}:${problem.range.start.column}: ${problem.message}` };
  const resources: RenderedResource[] = parsed.resources.map((resource) => ({
    object: resource.object,
    root: root.path,
    origin: resource.origin,
    sourceOf: (pointer: string) => {
      const range = resource.origin.ranges.get(pointer);
      return range ? { file, range } : undefined;
    },
  }));
  return { root, resources };
}
