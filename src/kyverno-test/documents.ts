import { readFile } from 'node:fs/promises';
import { parseManifestText } from '../manifest/parse.ts';
import type { PolicyDocument } from '../policy/load.ts';

/** Documents of one file, or the problems that kept them from being read. */
export interface LoadedDocuments {
  documents: PolicyDocument[];
  problems: string[];
}

export type DocumentSource = (path: string) => Promise<LoadedDocuments>;

/** Read Kubernetes-style documents from a file on disk, with located problems. */
export const readDocuments: DocumentSource = async (path) => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { documents: [], problems: [`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`] };
  }
  const parsed = parseManifestText(path, text);
  return {
    documents: parsed.resources.map((r) => ({ object: r.object, file: r.origin.file, documentIndex: r.origin.documentIndex, ranges: r.origin.ranges })),
    problems: parsed.problems.map((p) => `${p.file}:${p.range.start.line}:${p.range.start.column}: ${p.message}`),
  };
};
