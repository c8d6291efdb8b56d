import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Finding } from '../core/finding.ts';
import { builtinPoliciesDir } from '../core/package-files.ts';
import type { JsonValue } from '../core/json.ts';
import { unifiedDiff } from '../fix/index.ts';
import { planFileFixes } from '../pipeline/fix-edits.ts';
import { loadPolicyDirs } from '../pipeline/load-policy-dirs.ts';
import { formatJson, jsonReport } from '../report/json.ts';
import { formatSarifText } from '../report/sarif.ts';
import { formatText } from '../report/text.ts';
import { toolOptionsFromEnv } from '../render/tool-paths.ts';
import { gatherBaseHead, type CheckOutcome } from './check-sources.ts';
import { gatherLocal } from './gather-local.ts';
import { EXIT, type CommandIO } from './io.ts';
import { VERSION } from './version.ts';

export const CHECK_USAGE = `Usage: preadmit check [PATH...] [--policies DIR]... [--no-builtin] [--format text|json|sarif]
                      [--output FILE] [--fix | --diff] [--base REF [--head REF]] [--no-render]

Evaluates the manifests under the paths (default .) against the built-in policies and
the policies in each --policies DIR (only policy documents are taken from it).
Directories are checked by their render roots: plain manifests, Kustomize overlays and
Helm charts as they render (--no-render reads every file as a plain manifest).
--base REF compares with a git revision: only the roots the change affects are rendered,
at both revisions (head: --head REF, or the working tree), and findings are new, existing
or fixed; only new blocking findings fail.
--fix writes the fixes of fixable findings into the files (comments and layout kept) and
checks again; --diff prints them as a unified diff instead.
Exit status: 0 clean, 1 blocking (Enforce) findings, 2 usage or load errors.`;

/** The policies that ship with preadmit. */
export const BUILTIN_POLICIES = builtinPoliciesDir();

const FORMATS = new Set(['text', 'json', 'sarif']);

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      policies: { type: 'string', multiple: true, default: [] },
      'no-builtin': { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      output: { type: 'string', short: 'o' },
      color: { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      diff: { type: 'boolean', default: false },
      base: { type: 'string' },
      head: { type: 'string' },
      'no-render': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** With a base, only findings the change introduced decide; otherwise every finding does. */
function deciding(outcome: CheckOutcome, compared: boolean): Finding[] {
  return compared ? outcome.findings.filter((f) => f.classification === 'new') : outcome.findings;
}

export async function checkCommand(args: string[], io: CommandIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.stderr(`preadmit check: ${(error as Error).message}\n\n${CHECK_USAGE}`);
    return EXIT.usage;
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout(CHECK_USAGE);
    return EXIT.ok;
  }
  if (!FORMATS.has(values.format)) {
    io.stderr(`preadmit check: --format must be text, json or sarif, not "${values.format}"`);
    return EXIT.usage;
  }
  if (values.head !== undefined && values.base === undefined) {
    io.stderr('preadmit check: --head needs --base');
    return EXIT.usage;
  }
  const policyDirs = [...(values['no-builtin'] ? [] : [BUILTIN_POLICIES]), ...values.policies.map((d) => resolve(io.cwd, d))];
  const policySet = await loadPolicyDirs(policyDirs);
  if (policySet.problems.length > 0) {
    for (const problem of policySet.problems) io.stderr(`preadmit check: policy ${problem.file}: ${problem.message}`);
    return EXIT.usage;
  }
  if (policySet.policies.length === 0) {
    io.stderr('preadmit check: no policies loaded — give --policies DIR, or drop --no-builtin');
    return EXIT.usage;
  }
  const paths = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
  const render = { tools: toolOptionsFromEnv(io.env ?? process.env) };
  const gathered = values.base !== undefined
    ? await gatherBaseHead(paths, io.cwd, values.base, values.head, policySet, render)
    : await gatherLocal(paths, io.cwd, policySet, { render: !values['no-render'], renderOptions: render });
  if (!gathered.ok) {
    io.stderr(`preadmit check: ${gathered.message}`);
    return EXIT.usage;
  }
  const outcome = gathered.outcome;
  for (const warning of outcome.warnings ?? []) io.stderr(`preadmit check: ${warning}`);
  const plan = planFileFixes(outcome.fixes, (file) => readText(resolve(outcome.baseDir, file)));
  for (const problem of plan.problems) io.stderr(`preadmit check: ${problem}`);
  const verdict = deciding(outcome, values.base !== undefined).some(outcome.blocks) ? EXIT.findings : EXIT.ok;
  if (values.diff) {
    io.stdout(plan.files.map((f) => unifiedDiff(f.file, f.before, f.after)).join(''));
    return verdict;
  }
  if (values.fix) {
    for (const f of plan.files) await writeFile(resolve(outcome.baseDir, f.file), f.after);
    io.stderr(`preadmit check: fixed ${outcome.fixes.filter((x) => plan.files.some((f) => f.file === x.file)).length} resource(s) in ${plan.files.length} file(s); checking again`);
    return checkCommand(args.filter((a) => a !== '--fix'), io);
  }
  const report = formatReport(outcome, values.format, values.color, policySet.policies.length);
  if (values.output) await writeFile(resolve(io.cwd, values.output), report.endsWith('\n') ? report : report + '\n');
  else io.stdout(report);
  return verdict;
}

function formatReport(outcome: CheckOutcome, format: string, color: boolean, policies: number): string {
  if (format === 'json') {
    const extra: Record<string, JsonValue> = {};
    if (outcome.roots) extra['roots'] = outcome.roots.map((r) => ({ path: r.path, renderer: r.renderer, resources: r.resources, ...(r.error !== undefined ? { error: r.error } : {}) }));
    if (outcome.fixed) extra['fixed'] = jsonReport(outcome.fixed)['findings'] ?? [];
    if (outcome.changes) extra['changes'] = outcome.changes.map((c) => ({ change: c.change, resource: c.resource, roots: c.roots, diff: c.diff }));
    return formatJson(outcome.findings, extra);
  }
  if (format === 'sarif') return formatSarifText(outcome.findings, { toolVersion: VERSION });
  const summary = {
    filesScanned: outcome.stats.files,
    resourcesEvaluated: outcome.stats.resources,
    policiesLoaded: policies,
    rulesEvaluated: outcome.stats.ruleEvaluations,
    toolVersion: VERSION,
  };
  const text = formatText(outcome.findings, summary, { color });
  if (!outcome.fixed) return text;
  const count = (c: Finding['classification']): number => outcome.findings.filter((f) => f.classification === c).length;
  return `${text}\nAgainst the base: ${count('new')} new, ${count('existing')} existing, ${outcome.fixed.length} fixed.`;
}
