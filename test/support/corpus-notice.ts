/**
 * Vitest global setup: when the upstream corpora (../shared/corpus beside the checkout) are
 * absent, the tests that read them skip themselves; say so once, so a newcomer's `npm test`
 * tells what did not run and why, instead of passing quietly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

/** The notice for a missing corpus directory, or undefined when it is there. */
export function corpusNotice(dir: string = CORPUS_DIR): string | undefined {
  if (existsSync(dir)) return undefined;
  return [
    `preadmit tests: ${dir} is absent, so the tests built on the upstream corpora are skipped`,
    '  (Kyverno policy library and CLI tests, Pod Security conformance, GitOps repositories, Helm/Kustomize render and JMESPath suites).',
    '  Everything else runs. To run them too, put the corpora at ../shared/corpus beside this checkout.',
  ].join('\n');
}

export default function setup(): void {
  const notice = corpusNotice();
  if (notice !== undefined) process.stderr.write(`\n${notice}\n\n`);
}
