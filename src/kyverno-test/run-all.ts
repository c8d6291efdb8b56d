import { readDocuments, type DocumentSource } from './documents.ts';
import { runTestFile, type TestRun } from './run-test.ts';
import { isTestDocument, parseTestSpec } from './test-spec.ts';

/** Load and run every test file; a file that cannot be read is a run with a problem, not a crash. */
export async function runTestFiles(files: readonly string[], source: DocumentSource = readDocuments): Promise<TestRun[]> {
  const runs: TestRun[] = [];
  for (const file of files) {
    const loaded = await source(file);
    const doc = loaded.documents.find((d) => isTestDocument(d.object)) ?? loaded.documents[0];
    if (!doc) {
      runs.push({ file, cases: [], problems: [...loaded.problems, `${file}: no kyverno Test document found`], policies: 0, resources: 0 });
      continue;
    }
    const spec = parseTestSpec(doc.object);
    if (!spec.ok) {
      runs.push({ file, cases: [], problems: [`${file}: ${spec.error}`], policies: 0, resources: 0 });
      continue;
    }
    runs.push(await runTestFile(file, spec.value, source));
  }
  return runs;
}
