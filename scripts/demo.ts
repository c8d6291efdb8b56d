/**
 * npm run demo — `preadmit check` on the bundled example repository. The findings are the
 * point, so a blocking verdict is explained rather than reported to npm as a failure.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/main.ts';
import { processIO } from '../src/cli/io.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const io = { ...processIO(), cwd: root };
const code = await run(['check', 'examples/demo-repo', ...process.argv.slice(2)], io);
if (code === 1) {
  console.log('\npreadmit check exits 1 here: the demo repository has blocking findings, so a CI job or the');
  console.log('required `preadmit` check would fail. Try `npm run demo -- --diff` to see the fixes it would write.');
}
process.exitCode = code === 1 ? 0 : code;
