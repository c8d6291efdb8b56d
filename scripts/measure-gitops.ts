/**
 * The figures of issue 9 on real GitOps repositories, reproducibly:
 *
 *   npx tsx scripts/measure-gitops.ts [--fix] DIR...
 *
 * Each DIR is copied to a temporary directory and checked from outside it with the built-in
 * policies (`check --format json`). Locations: the share of policy findings on a line of a
 * file, and of those in YAML sources (not chart templates) the share on the field's line or
 * its deepest existing parent's. With --fix: `check --fix` on the copy, then every render
 * root must render the same resources with the same containers, images and volumes and
 * well-formed pod templates, no file outside an overlay may receive that overlay's own
 * values (name prefix, labels, namespace), and the share of the fixable findings that
 * `--fix` removed. Prints one JSON line per DIR and a total.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { run } from '../src/cli/main.ts';
import { onFieldLine } from './measure/location-check.ts';
import { renderFacts, type RootFacts } from './measure/render-facts.ts';
import { appendAll } from '../src/core/append-all.ts';

interface JsonFinding {
  file: string;
  line: number;
  path: string;
  policy: string;
  rule: string;
  fixable: boolean;
  roots?: string[];
  resource: { kind: string; name: string; namespace?: string };
}

async function check(cwd: string, name: string, ...extra: string[]): Promise<JsonFinding[]> {
  let out = '';
  await run(['check', name, '--format', 'json', ...extra], { stdout: (t) => (out += t), stderr: () => undefined, cwd });
  return (JSON.parse(out) as { findings: JsonFinding[] }).findings;
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** Inside a Helm chart (a directory up the path holds Chart.yaml) but not a template: a values file. */
function inChart(path: string): boolean {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'Chart.yaml'))) return true;
  return false;
}

function locations(cwd: string, findings: readonly JsonFinding[]): { policyFindings: number; onFileLine: number; yamlSource: number; onFieldLine: number; wrong: string[] } {
  const policy = findings.filter((f) => f.policy !== 'preadmit');
  let onLine = 0;
  let yaml = 0;
  let field = 0;
  const wrong: string[] = [];
  for (const f of policy) {
    const path = join(cwd, f.file);
    if (!isFile(path)) continue;
    const text = readFileSync(path, 'utf8');
    if (f.line < 1 || f.line > text.split('\n').length) continue;
    onLine++;
    if (!/\.ya?ml$/i.test(f.file) || /(^|\/)templates\//.test(f.file)) continue;
    yaml++;
    if (onFieldLine(f, text, inChart(path))) field++;
    else wrong.push(`${f.file}:${f.line} ${f.path} (${f.policy}) | ${text.split('\n')[f.line - 1]?.trim()}`);
  }
  return { policyFindings: policy.length, onFileLine: onLine, yamlSource: yaml, onFieldLine: field, wrong };
}

/** Values an overlay sets for its own resources only: name prefix/suffix, namespace, labels, annotations. */
function overlayValues(dir: string, root: string): string[] {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((n) => join(dir, root, n)).find(isFile);
  if (!file) return [];
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const k = doc as Record<string, unknown>;
  const out: unknown[] = [k['namePrefix'], k['nameSuffix'], k['namespace']];
  for (const field of ['commonLabels', 'commonAnnotations']) if (typeof k[field] === 'object' && k[field] !== null) appendAll(out, Object.values(k[field] as object));
  if (Array.isArray(k['labels'])) for (const entry of k['labels']) if (entry && typeof entry.pairs === 'object') appendAll(out, Object.values(entry.pairs as object));
  return out.filter((v): v is string => typeof v === 'string' && v.replace(/[-_.]/g, '').length >= 3);
}

function addedLines(before: string, after: string): string[] {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !old.has(line));
}

const key = (f: JsonFinding): string => `${f.policy}/${f.rule}/${f.resource.kind}/${f.resource.namespace ?? ''}/${f.resource.name}/${f.path}`;

async function fixFigures(copy: string, name: string, before: readonly JsonFinding[]): Promise<Record<string, unknown>> {
  const dir = join(copy, name);
  const rendered = await renderFacts(dir);
  const texts = new Map<string, string>();
  const snapshot = (d: string): void => {
    for (const f of listFiles(d)) texts.set(f, readFileSync(f, 'utf8'));
  };
  snapshot(dir);
  await run(['check', name, '--fix'], { stdout: () => undefined, stderr: () => undefined, cwd: copy });
  const after = await check(copy, name);
  const renderedAfter = await renderFacts(dir);
  const changedRoots = compareRoots(rendered, renderedAfter);
  const malformed = renderedAfter.flatMap((r) => r.malformed.filter((m) => !rendered.find((b) => b.root === r.root)?.malformed.includes(m)).map((m) => `${r.root}: ${m}`));
  const owned: string[] = [];
  for (const [file, text] of texts) {
    const now = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (now === text) continue;
    for (const root of rendered.filter((r) => r.renderer === 'kustomize' && !r.root.includes(' ('))) {
      const rootDir = join(dir, root.root);
      if (file.startsWith(rootDir + '/')) continue;
      for (const value of overlayValues(dir, root.root)) {
        if (text.includes(value)) continue;
        for (const line of addedLines(text, now)) if (line.includes(value)) owned.push(`${file.slice(dir.length + 1)}: "${value}" of ${root.root}: ${line.trim()}`);
      }
    }
  }
  const fixable = before.filter((f) => f.fixable);
  const remaining = new Set(after.map(key));
  const stillFixable = new Set(after.filter((f) => f.fixable).map(key));
  const removed = fixable.filter((f) => !remaining.has(key(f)));
  return {
    roots: rendered.length,
    rootsChanged: changedRoots,
    malformedPodTemplates: malformed,
    overlayValuesInSharedFiles: owned,
    fixable: fixable.length,
    fixableRemoved: removed.length,
    claimedButStillFixable: fixable.filter((f) => stillFixable.has(key(f))).map(key),
    newFindings: after.filter((f) => !before.some((b) => key(b) === key(f))).map(key),
  };
}

function compareRoots(before: readonly RootFacts[], after: readonly RootFacts[]): string[] {
  const out: string[] = [];
  for (const b of before) {
    const a = after.find((x) => x.root === b.root);
    if (!a) out.push(`${b.root}: no longer a root`);
    else if (a.error !== undefined && b.error === undefined) out.push(`${b.root}: no longer renders: ${a.error}`);
    else if (JSON.stringify(a.identities) !== JSON.stringify(b.identities)) out.push(`${b.root}: renders other resources`);
    else for (const [id, summary] of Object.entries(b.workloads)) if (a.workloads[id] !== summary) out.push(`${b.root}: ${id} containers/images/volumes changed: ${summary} → ${a.workloads[id]}`);
  }
  return out;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|json|tpl)$|^Kustomization$/.test(name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

const args = process.argv.slice(2);
const withFix = args.includes('--fix');
const verbose = args.includes('--verbose');
const dirs = args.filter((a) => !a.startsWith('--'));
const total = { policyFindings: 0, onFileLine: 0, yamlSource: 0, onFieldLine: 0, fixable: 0, fixableRemoved: 0, rootsChanged: 0, malformed: 0, owned: 0, claimedButStillFixable: 0 };
for (const source of dirs) {
  const copy = mkdtempSync(join(tmpdir(), 'preadmit-measure-'));
  const name = basename(resolve(source));
  try {
    cpSync(resolve(source), join(copy, name), { recursive: true });
    const findings = await check(copy, name);
    const loc = locations(copy, findings);
    const line: Record<string, unknown> = { dir: source, ...loc, wrong: verbose ? loc.wrong : loc.wrong.slice(0, 5) };
    total.policyFindings += loc.policyFindings;
    total.onFileLine += loc.onFileLine;
    total.yamlSource += loc.yamlSource;
    total.onFieldLine += loc.onFieldLine;
    if (withFix) {
      const fix = await fixFigures(copy, name, findings);
      Object.assign(line, fix);
      total.fixable += fix['fixable'] as number;
      total.fixableRemoved += fix['fixableRemoved'] as number;
      total.rootsChanged += (fix['rootsChanged'] as string[]).length;
      total.malformed += (fix['malformedPodTemplates'] as string[]).length;
      total.owned += (fix['overlayValuesInSharedFiles'] as string[]).length;
      total.claimedButStillFixable += (fix['claimedButStillFixable'] as string[]).length;
    }
    console.log(JSON.stringify(line));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
console.log(
  JSON.stringify({
    total,
    onFileLine: pct(total.onFileLine, total.policyFindings),
    onFieldLineOfYamlSources: pct(total.onFieldLine, total.yamlSource),
    ...(withFix ? { fixableRemoved: pct(total.fixableRemoved, total.fixable) } : {}),
  }),
);
