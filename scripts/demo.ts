/**
 * npm run demo — `preadmit check` (the installed command, bin/preadmit.js) on the bundled
 * example repository. The findings are the point, so a blocking verdict is explained rather
 * than reported to npm as a failure.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../src/core/package-files.ts';

const root = packageRoot(import.meta.url);
const run = spawnSync(process.execPath, [join(root, 'bin', 'preadmit.js'), 'check', join(root, 'examples', 'demo-repo'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
const code = run.status ?? 2;
if (code === 1) {
  console.log('\npreadmit check exits 1 here: the demo repository has blocking findings, so a CI job or the');
  console.log('required `preadmit` check would fail. Try `npm run demo -- --diff` to see the fixes it would write.');
}
process.exitCode = code === 1 ? 0 : code;
