/**
 * npm run bench — a benchmark, not a test. Generates 10,000 realistic resources, times
 * parsing (with positions) and evaluation with the built-in policies, and prints on its
 * last line: {"resources","parseMs","evaluateMs","resourcesPerSecond","ruleEvaluationsPerSecond","peakRssMb","checkMs","cel","pss"}.
 * evaluateMs is the policy engine on every resource (every rule's verdict); checkMs is the whole
 * `check` pipeline on the parsed files besides: verdicts again, located findings, and the
 * derivation and cross-layer composition of fixes. "cel": µs per resource for the same checks as CEL programs and as pattern rules, see cel-bench.ts. "pss": Pod Security Standards timings and
 * agreement against @monokle/validation, see pss-peer.ts. "app": the GitHub App on a 50-file pull
 * request against the local fake GitHub (delivery to completed check run, GitHub requests), see app-bench.ts.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseManifestText } from '../src/manifest/parse.ts';
import { evaluatePolicies } from '../src/engine/evaluate.ts';
import { loadPolicyDirs } from '../src/pipeline/load-policy-dirs.ts';
import { generateManifests } from './generate.ts';
import { pssJson, runPssPeerBench } from './pss-peer.ts';
import { benchSizes, runScaleBench, scaleJson } from './scale.ts';
import { appBenchJson, appBenchLine, runAppBench } from './app-bench.ts';
import { celBenchJson, celBenchLine, runCelBench } from './cel-bench.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COUNT = 10_000;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const { policies, problems } = await loadPolicyDirs([join(root, 'policies')]);
if (problems.length > 0) console.error(`bench: ${problems.length} policy load problems (first: ${problems[0]?.message})`);
const inputs = generateManifests(COUNT);

const parseStart = performance.now();
const parsed = inputs.map((f) => parseManifestText(f.file, f.text));
const parseMs = performance.now() - parseStart;

const evalStart = performance.now();
let ruleEvaluations = 0;
for (const file of parsed) {
  for (const resource of file.resources) {
    ruleEvaluations += evaluatePolicies(policies, { resource: resource.object, operation: 'CREATE', deriveFixes: false }).length;
  }
}
const evaluateMs = performance.now() - evalStart;

peakRss = Math.max(peakRss, process.memoryUsage().rss);
clearInterval(sampler);

const resources = parsed.reduce((n, f) => n + f.resources.length, 0);
console.log(`policies: ${policies.length} (${policies.reduce((n, p) => n + p.rules.length, 0)} rules incl. autogen), files: ${parsed.length}`);
console.log(`parse: ${parseMs.toFixed(0)} ms, evaluate: ${evaluateMs.toFixed(0)} ms (${ruleEvaluations} rule evaluations)`);
// The whole check at scale, in child processes: wall, CPU and peak RSS beside the parse floor (scale.ts).
const scale = await runScaleBench(benchSizes());
// CEL programs beside the pattern engine on the same resources (cel-bench.ts).
const cel = runCelBench(parsed.flatMap((f) => f.resources.map((r) => r.object)));
console.log(celBenchLine(cel));
// Pod Security Standards side by side with a peer implementation (after the figures above, so it does not touch them).
const pss = await runPssPeerBench({ inputs });
// The GitHub App end to end against the local fake GitHub (app-bench.ts).
const app = await runAppBench();
console.log(appBenchLine(app));
console.log(
  JSON.stringify({
    resources,
    parseMs: Math.round(parseMs),
    evaluateMs: Math.round(evaluateMs),
    resourcesPerSecond: Math.round(resources / ((parseMs + evaluateMs) / 1000)),
    ruleEvaluationsPerSecond: Math.round(ruleEvaluations / (evaluateMs / 1000)),
    peakRssMb: Math.round(peakRss / (1024 * 1024)),
    scale: scaleJson(scale),
    cel: celBenchJson(cel),
    pss: pssJson(pss),
    app: appBenchJson(app),
  }),
);
