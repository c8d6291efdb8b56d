/**
 * The scale bench's "no fixes" run: `preadmit check DIR --format json` as the CLI runs it on a
 * directory (render roots, every built-in policy, the JSON report) with fix derivation,
 * composition and edit planning left out — what a check costs when no reporter shows fixes.
 * Usage: check-nofix DIR POLICIES_DIR — prints {"findings","resources"}.
 */
import { checkTree } from '../src/pipeline/check-tree.ts';
import { loadPolicyDirs } from '../src/pipeline/load-policy-dirs.ts';
import { findRoots } from '../src/render/roots/find-roots.ts';
import { formatJson } from '../src/report/json.ts';
import { directoryTree } from '../src/workspace/fs-tree.ts';

const [dir, policies] = process.argv.slice(2);
if (!dir || !policies) {
  console.error('usage: check-nofix DIR POLICIES_DIR');
  process.exit(2);
}
const policySet = await loadPolicyDirs([policies]);
const tree = directoryTree(dir);
const result = await checkTree({ dir, tree, roots: findRoots(tree), policies: policySet.policies, exceptions: policySet.exceptions, fixes: false, keepRendered: false });
const report = formatJson(result.findings, { roots: result.roots.map((r) => ({ path: r.path, renderer: r.renderer, resources: r.resources })) });
console.log(JSON.stringify({ findings: result.findings.length, resources: result.stats.resources, bytes: report.length }));
