import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { parseManifestText } from '../manifest/parse.ts';
import type { DocumentSource } from './documents.ts';
import type { CaseResult } from './compare.ts';
import { runTestFiles } from './run-all.ts';

/** A kyverno test suite held in memory: file name (relative to the suite's folder) -> YAML text or objects. */
export type SuiteFiles = Record<string, string | object | object[]>;

const ROOT = resolve('/memory-suite');

function text(content: string | object | object[]): string {
  if (typeof content === 'string') return content;
  return (Array.isArray(content) ? content : [content]).map((d) => stringify(d)).join('---\n');
}

/** Documents from an in-memory suite, read as `kyverno test` files are read from disk. */
export function memorySource(files: SuiteFiles): DocumentSource {
  return async (path) => {
    const name = path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path;
    const content = files[name];
    if (content === undefined) return { documents: [], problems: [`${path}: cannot read: ENOENT`] };
    const parsed = parseManifestText(path, text(content));
    return {
      documents: parsed.resources.map((r) => ({ object: r.object, file: r.origin.file, documentIndex: r.origin.documentIndex, ranges: r.origin.ranges })),
      problems: parsed.problems.map((p) => `${p.file}:${p.range.start.line}:${p.range.start.column}: ${p.message}`),
    };
  };
}

/** Run the suite's `kyverno-test.yaml` and return its comparisons and loading problems. */
export async function runMemorySuite(files: SuiteFiles): Promise<{ cases: CaseResult[]; problems: string[] }> {
  const [run] = await runTestFiles([resolve(ROOT, 'kyverno-test.yaml')], memorySource(files));
  return { cases: run?.cases ?? [], problems: run?.problems ?? [] };
}
