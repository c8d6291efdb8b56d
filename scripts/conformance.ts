/**
 * npm run conformance — runs `preadmit test --json` on ../shared/corpus/kyverno-policies and
 * prints agreement per dialect (classic, -cel, -vpol, -mpol, -gpol) and per category, with the
 * mismatches listed; then every suite of ../shared/corpus/kyverno-cli, the PSA fixtures, and the
 * CEL specification's conformance tests on the CEL library. Exits 1 when a figure drops below
 * its floor in scripts/conformance-floor.json, or too many results are ok without comparison.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { run } from '../src/cli/main.ts';
import { celSpecConformance, cliSuites, printSuites } from './conformance-suites.ts';

interface Entry {
  file: string;
  policy: string;
  rule: string;
  kind: string;
  resource: string;
  expected: string;
  actual: string;
  ok: boolean;
  message: string;
  compared?: boolean;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(process.env['PREADMIT_CORPUS'] ?? join(root, '..', 'shared', 'corpus'), 'kyverno-policies');
const psaCorpus = resolve(corpus, '..', 'psa-kyverno-tests');
interface Floors {
  classicValidate: number;
  classicMutate: number;
  /** classic generate rules (rows with generatedResource): absent, no floor */
  classicGenerate?: number;
  psa: number;
  /** per dialect of kyverno-policies: cel, vpol, mpol */
  dialects: Record<string, number>;
  /** at most this many results ok without comparison, in all suites together */
  maxUncompared: number;
  /** per suite of kyverno-cli */
  cliSuites: Record<string, number>;
  /** the four suites of the CEL kinds together */
  cliCelKinds: number;
  /** CEL-spec conformance of the CEL library (selected tests) */
  celSpec: number;
}
const floor = JSON.parse(readFileSync(join(root, 'scripts', 'conformance-floor.json'), 'utf8')) as Floors;
const CEL_KIND_SUITES = ['test-validating-admission-policy', 'test-mutating-admission-policy', 'test-validating-policy', 'test-mutating-policy'];

if (!existsSync(corpus)) {
  console.log(`conformance: ${corpus} not found; nothing to measure`);
  process.exit(0);
}

async function preadmitTest(dir: string): Promise<Entry[]> {
  let out = '';
  const code = await run(['test', '--json', dir], { stdout: (t) => (out += t), stderr: (t) => process.stderr.write(t + '\n'), cwd: root });
  if (code === 2) {
    console.error(`conformance: preadmit test failed to run on ${dir}`);
    process.exit(2);
  }
  const parsed = JSON.parse(out) as { results: Entry[]; problems?: string[] };
  lastProblems = parsed.problems ?? [];
  return parsed.results;
}
/** Problems the last run reported while loading (a policy refused at load is one). */
let lastProblems: string[] = [];
const results = await preadmitTest(corpus);
const libraryProblems = lastProblems;

function dialectAndCategory(file: string): { dialect: string; category: string } {
  const top = relative(corpus, file).split(/[\\/]/)[0] ?? '';
  const match = /^(.*?)(-cel|-vpol|-mpol|-gpol)?$/.exec(top);
  return { category: match?.[1] ?? top, dialect: match?.[2]?.slice(1) ?? 'classic' };
}

/** Is the rule a mutate rule? Read from the policy files the test names. */
const ruleTypes = new Map<string, string>();
function ruleType(entry: Entry): string {
  const key = `${entry.file}\0${entry.policy}\0${entry.rule}`;
  const cached = ruleTypes.get(key);
  if (cached) return cached;
  let type = 'validate';
  const test = parseAllDocuments(readFileSync(entry.file, 'utf8'))[0]?.toJS() as { policies?: string[] } | undefined;
  const base = entry.rule.replace(/^autogen-(cronjob-)?/, '');
  for (const path of test?.policies ?? []) {
    const file = resolve(dirname(entry.file), path);
    if (!existsSync(file)) continue;
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const policy = doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: { rules?: { name?: string; mutate?: unknown; generate?: unknown }[] } } | null;
      if (policy?.metadata?.name !== entry.policy) continue;
      if (policy.kind?.startsWith('Mutating')) type = 'mutate';
      if (policy.kind?.startsWith('Generating')) type = 'generate';
      const rule = policy.spec?.rules?.find((r) => r.name === base);
      if (rule?.mutate) type = 'mutate';
      if (rule?.generate) type = 'generate';
    }
  }
  ruleTypes.set(key, type);
  return type;
}

type Tally = { ok: number; total: number };
const tally = new Map<string, Tally>();
const add = (key: string, ok: boolean): void => {
  const t = tally.get(key) ?? { ok: 0, total: 0 };
  t.total++;
  if (ok) t.ok++;
  tally.set(key, t);
};
const mismatches: string[] = [];
for (const entry of results) {
  const { dialect, category } = dialectAndCategory(entry.file);
  const type = ruleType(entry);
  add(`dialect ${dialect}`, entry.ok);
  add(`dialect ${dialect} ${type}`, entry.ok);
  add(`category ${category}${dialect === 'classic' ? '' : '-' + dialect}`, entry.ok);
  if (!entry.ok) {
    mismatches.push(
      `  [${dialect}/${type}] ${relative(corpus, entry.file)}  ${entry.policy}/${entry.rule || '-'}  ${entry.kind}/${entry.resource}: expected ${entry.expected}, got ${entry.actual}${entry.message ? ' — ' + entry.message.slice(0, 160) : ''}`,
    );
  }
}
const byAbsence = results.filter((e) => e.ok && (e.actual === 'no result' || e.compared === false));
const pct = (t: Tally | undefined): string => (t && t.total > 0 ? ((100 * t.ok) / t.total).toFixed(2) : '0.00');
console.log('Agreement with the kyverno test suites of ../shared/corpus/kyverno-policies');
for (const key of [...tally.keys()].sort()) {
  const t = tally.get(key) as Tally;
  console.log(`  ${key.padEnd(40)} ${String(t.ok).padStart(5)}/${String(t.total).padEnd(5)} ${pct(t)}%`);
}
console.log(`\nok without comparison (the rule gave no result, or the patched resource is missing from its file): ${byAbsence.length}`);
for (const e of byAbsence) console.log(`  ${relative(corpus, e.file)}  ${e.policy}/${e.rule || '-'}  ${e.kind}/${e.resource}`);
console.log(`\nMismatches (${mismatches.length}):`);
console.log(mismatches.join('\n'));
let failed = false;
console.log(`\nProblems while loading the policy library (policies refused at load among them): ${libraryProblems.length} (at most 0)`);
for (const p of libraryProblems) console.log(`  ${p}`);
if (libraryProblems.length > 0) {
  console.error(`conformance: ${libraryProblems.length} problem(s) while loading the policy library; a valid library policy must load`);
  failed = true;
}
if (existsSync(psaCorpus)) {
  const psa = await preadmitTest(psaCorpus);
  const psaOk = psa.filter((e) => e.ok).length;
  const psaPct = Number(((100 * psaOk) / Math.max(psa.length, 1)).toFixed(2));
  console.log(`\nPod Security Admission fixtures (../shared/corpus/psa-kyverno-tests): ${psaOk}/${psa.length} ${psaPct}% (floor ${floor.psa}%)`);
  for (const e of psa.filter((x) => !x.ok)) console.log(`  ${relative(psaCorpus, e.file)} ${e.resource}: expected ${e.expected}, got ${e.actual} — ${e.message.slice(0, 160)}`);
  if (psaPct < floor.psa) {
    console.error(`conformance: PSA agreement ${psaPct}% is below the floor ${floor.psa}%`);
    failed = true;
  }
}
const classicValidate = tally.get('dialect classic validate');
const figure = Number(pct(classicValidate));
console.log(`\nclassic validate agreement: ${figure}% (floor ${floor.classicValidate}%)`);
if (figure < floor.classicValidate) {
  console.error(`conformance: classic validate agreement ${figure}% is below the floor ${floor.classicValidate}%`);
  failed = true;
}
const mutateFigure = Number(pct(tally.get('dialect classic mutate')));
console.log(`classic mutate agreement: ${mutateFigure}% (floor ${floor.classicMutate}%)`);
if (mutateFigure < floor.classicMutate) {
  console.error(`conformance: classic mutate agreement ${mutateFigure}% is below the floor ${floor.classicMutate}%`);
  failed = true;
}
const generateTally = tally.get('dialect classic generate');
const generateFigure = Number(pct(generateTally));
console.log(`classic generate agreement: ${generateTally?.ok ?? 0}/${generateTally?.total ?? 0} ${generateFigure}% (floor ${floor.classicGenerate ?? 'none'}${floor.classicGenerate !== undefined ? '%' : ''})`);
if (floor.classicGenerate !== undefined && generateFigure < floor.classicGenerate) {
  console.error(`conformance: classic generate agreement ${generateFigure}% is below the floor ${floor.classicGenerate}%`);
  failed = true;
}
for (const [dialect, min] of Object.entries(floor.dialects)) {
  const figure = Number(pct(tally.get(`dialect ${dialect}`)));
  console.log(`${dialect} agreement: ${figure}% (floor ${min}%)`);
  if (figure < min) {
    console.error(`conformance: ${dialect} agreement ${figure}% is below the floor ${min}%`);
    failed = true;
  }
}
const suites = await cliSuites(resolve(corpus, '..'), preadmitTest);
printSuites(suites, resolve(corpus, '..'));
for (const t of suites) {
  const figure = Number(((100 * t.ok) / Math.max(t.total - t.leftOut.length, 1)).toFixed(2));
  const min = floor.cliSuites[t.suite];
  if (min !== undefined && figure < min) {
    console.error(`conformance: kyverno-cli/${t.suite} agreement ${figure}% is below the floor ${min}%`);
    failed = true;
  }
}
const celKinds = suites.filter((t) => CEL_KIND_SUITES.includes(t.suite));
const celOk = celKinds.reduce((n, t) => n + t.ok, 0);
const celTotal = celKinds.reduce((n, t) => n + t.total, 0);
const celLeftOut = celKinds.reduce((n, t) => n + t.leftOut.length, 0);
const celFigure = Number(((100 * celOk) / Math.max(celTotal - celLeftOut, 1)).toFixed(2));
console.log(`\nkyverno-cli suites of the CEL kinds: ${celOk}/${celTotal} ${((100 * celOk) / Math.max(celTotal, 1)).toFixed(2)}% of all results; without the ${celLeftOut} left out (listed above with the reason): ${celOk}/${celTotal - celLeftOut} ${celFigure}% (floor ${floor.cliCelKinds}%)`);
if (celKinds.length > 0 && celFigure < floor.cliCelKinds) {
  console.error(`conformance: the CEL-kind suites of kyverno-cli agree ${celFigure}%, below the floor ${floor.cliCelKinds}%`);
  failed = true;
}
const uncompared = byAbsence.length + suites.reduce((n, t) => n + t.uncompared, 0);
console.log(`results ok without comparison, all suites: ${uncompared} (at most ${floor.maxUncompared})`);
if (uncompared > floor.maxUncompared) {
  console.error(`conformance: ${uncompared} results are ok without comparison, more than ${floor.maxUncompared}`);
  failed = true;
}
const spec = celSpecConformance();
const specFigure = Number(((100 * spec.passed) / Math.max(spec.selected, 1)).toFixed(2));
console.log(`\nCEL-spec conformance of the CEL library (@bufbuild/cel-spec, ${spec.selected} of ${spec.total} tests selected: no protobuf messages, enums, type values or containers): ${spec.passed}/${spec.selected} ${specFigure}% (floor ${floor.celSpec}%)`);
console.log(
  '  by section: ' +
    Object.entries(spec.sections)
      .map(([k, v]) => `${k} ${v.passed}/${v.selected}`)
      .join(', '),
);
if (specFigure < floor.celSpec) {
  console.error(`conformance: CEL-spec conformance ${specFigure}% is below the floor ${floor.celSpec}%`);
  for (const f of spec.failures) console.error(`  ${f}`);
  failed = true;
}
if (failed) process.exit(1);
