/**
 * The scale bench's "no fixes" run: `preadmit check DIR --format json` as the CLI runs it on a
 * directory (render roots, every built-in policy, the JSON report) with fix derivation,
 * composition and edit planning left out — what a check costs when no reporter shows fixes.
 * It runs on the CLI's worker threads (as many as `check` starts), so the two differ only by
 * the fix work. Usage: check-nofix DIR POLICIES_DIR — prints {"findings","resources"}.
 */
import type { Finding } from '../src/core/finding.ts';
import { checkTree } from '../src/pipeline/check-tree.ts';
import { loadPolicyDirs } from '../src/pipeline/load-policy-dirs.ts';
import { findRoots } from '../src/render/roots/find-roots.ts';
import { jsonReportStream } from '../src/report/json.ts';
import { directoryTree } from '../src/workspace/fs-tree.ts';
import { createWorkerPool } from '../src/workers/pool.ts';
import { poolSize } from '../src/workers/pool-size.ts';

const [dir, policies] = process.argv.slice(2);
if (!dir || !policies) {
  console.error('usage: check-nofix DIR POLICIES_DIR');
  process.exit(2);
}
const policySet = await loadPolicyDirs([policies]);
const tree = directoryTree(dir);
const size = poolSize(process.env);
const pool = createWorkerPool({ size: size.ok ? size.value : 0 });
// the JSON report written as the findings come, as `check --format json` writes it (here only counted)
let bytes = 0;
const report = jsonReportStream((text) => void (bytes += text.length));
let findings = 0;
const sink = (group: readonly Finding[]): void => {
  findings += group.length;
  report.add(group);
};
const result = await checkTree({ dir, tree, roots: findRoots(tree), policies: policySet.policies, exceptions: policySet.exceptions, fixes: false, keepRendered: false, threads: { pool, policyDirs: [policies] }, sink }).finally(() => pool.close());
report.add(result.findings);
report.end({ roots: result.roots.map((r) => ({ path: r.path, renderer: r.renderer, resources: r.resources })) });
console.log(JSON.stringify({ findings: findings + result.findings.length, resources: result.stats.resources, bytes }));
