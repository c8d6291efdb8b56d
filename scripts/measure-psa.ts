/**
 * Issue 9's Pod Security figure, reproducibly:
 *
 *   npx tsx scripts/measure-psa.ts [VERSION]        (default v1.37)
 *
 * Every failing Pod of the Pod Security Admission fixtures (../shared/corpus/
 * psa-kyverno-tests/<level>/<version>) is written alone in a file and checked with the
 * built-in Pod Security policies (`check --fix`); then the share that passes its level,
 * overall and without the volume-type fixtures (volumes have no automatic fix by design),
 * and whether any container, image or volume was removed or changed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { run } from '../src/cli/main.ts';

const root = join(import.meta.dirname, '..');
const corpus = join(root, '..', 'shared', 'corpus', 'psa-kyverno-tests');
const version = process.argv.find((a) => /^v\d+\.\d+$/.test(a)) ?? 'v1.37';
const verbose = process.argv.includes('--verbose');
const policies = ['baseline', 'restricted'].flatMap((level) => ['--policies', join(root, 'policies', 'security', `pod-security-${level}`)]);

type Pod = { metadata: { name: string }; spec: Record<string, unknown> };

const quiet = { stdout: () => undefined, stderr: () => undefined };

async function findings(dir: string): Promise<{ policy: string }[]> {
  let out = '';
  await run(['check', 'pod.yaml', '--no-builtin', ...policies, '--format', 'json'], { ...quiet, stdout: (t) => (out += t), cwd: dir });
  return (JSON.parse(out) as { findings: { policy: string }[] }).findings;
}

/** Containers (name=image) and volumes, as a comparable text. */
function kept(pod: Pod): string {
  const spec = pod.spec;
  const list = (key: string): Record<string, unknown>[] => (Array.isArray(spec[key]) ? (spec[key] as Record<string, unknown>[]) : []);
  const containers = [...list('initContainers'), ...list('containers'), ...list('ephemeralContainers')].map((c) => `${String(c['name'])}=${String(c['image'])}`);
  return JSON.stringify({ containers, volumes: list('volumes') });
}

const summary: Record<string, unknown> = {};
for (const level of ['baseline', 'restricted']) {
  const text = readFileSync(join(corpus, level, version, 'resources.yaml'), 'utf8');
  const pods = parseAllDocuments(text)
    .map((d) => d.toJS() as Pod | null)
    .filter((p): p is Pod => p !== null && typeof p.metadata?.name === 'string' && p.metadata.name.startsWith('fail-'));
  let passing = 0;
  let passingNonVolume = 0;
  let nonVolume = 0;
  const still: string[] = [];
  const changed: string[] = [];
  for (const pod of pods) {
    const volumeType = /volumes/.test(pod.metadata.name);
    if (!volumeType) nonVolume++;
    const dir = mkdtempSync(join(tmpdir(), 'preadmit-psa-'));
    try {
      writeFileSync(join(dir, 'pod.yaml'), stringify(pod));
      await run(['check', 'pod.yaml', '--no-builtin', ...policies, '--fix'], { ...quiet, cwd: dir });
      const after = parseAllDocuments(readFileSync(join(dir, 'pod.yaml'), 'utf8'))[0]?.toJS() as Pod;
      if (kept(after) !== kept(pod)) changed.push(pod.metadata.name);
      const left = (await findings(dir)).filter((f) => f.policy === `pod-security-${level}`);
      if (left.length === 0) {
        passing++;
        if (!volumeType) passingNonVolume++;
      } else {
        still.push(pod.metadata.name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)}%`;
  summary[level] = {
    failingPods: pods.length,
    passingAfterFix: passing,
    share: pct(passing, pods.length),
    withoutVolumeTypes: `${passingNonVolume}/${nonVolume} (${pct(passingNonVolume, nonVolume)})`,
    containersImagesVolumesChanged: changed,
    ...(verbose ? { stillFailing: still } : { stillFailing: still.filter((n) => !/volumes/.test(n)) }),
  };
}
console.log(JSON.stringify({ version, ...summary }, null, 2));
