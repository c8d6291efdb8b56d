import { sep } from 'node:path';
import { isLayer } from '../policy/meta.ts';
import { loadExceptions, type PolicyException } from '../policy/exceptions.ts';
import { loadPolicies, type PolicyLoadProblem } from '../policy/load.ts';
import type { Layer } from '../engine/types.ts';
import type { Policy } from '../policy/types.ts';
import { readManifestFiles } from '../manifest/read-files.ts';
import { appendAll } from '../core/append-all.ts';

export interface PolicySet {
  policies: Policy[];
  /** PolicyExceptions kept beside the policies. */
  exceptions: PolicyException[];
  problems: PolicyLoadProblem[];
}

/** The layer a policy file belongs to by its folder: …/security/…, …/operations/…, …/developer/…. */
export function layerFromPath(file: string, fallback: Layer): Layer {
  const parts = file.split(/[\\/]/);
  for (let i = parts.length - 2; i >= 0; i--) {
    const part = parts[i];
    if (isLayer(part)) return part;
  }
  return fallback;
}

/** Load policy documents from folders (test files and sample resources beside them are ignored). */
export async function loadPolicyDirs(dirs: readonly string[]): Promise<PolicySet> {
  const files = await readManifestFiles([...dirs]);
  const policies: Policy[] = [];
  const exceptions: PolicyException[] = [];
  const problems: PolicyLoadProblem[] = [];
  for (const file of files) {
    for (const problem of file.problems) {
      problems.push({ file: problem.file, documentIndex: -1, message: problem.message, position: problem.range.start });
    }
    const docs = file.resources.map((r) => ({ object: r.object, file: file.file, documentIndex: r.origin.documentIndex, ranges: r.origin.ranges }));
    const loaded = loadPolicies(docs, layerFromPath(file.file.split(sep).join('/'), 'security'));
    appendAll(policies, loaded.policies);
    appendAll(problems, loaded.problems);
    const found = loadExceptions(docs);
    appendAll(exceptions, found.exceptions);
    appendAll(problems, found.problems);
  }
  return { policies, exceptions, problems };
}
