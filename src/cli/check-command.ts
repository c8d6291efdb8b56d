import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Finding } from '../core/finding.ts';
import { builtinPoliciesDir, builtinPoliciesSnapshot } from '../core/package-files.ts';
import type { JsonValue } from '../core/json.ts';
import { unifiedDiff } from '../fix/index.ts';
import { planFixes } from '../workers/plan-fixes-on-pool.ts';
import type { FileFix } from '../pipeline/fix-edits.ts';
import type { PlannedFixes } from '../pipeline/planned-fixes.ts';
import { createWorkerPool } from '../workers/pool.ts';
import { poolSize } from '../workers/pool-size.ts';
import { loadPolicyDirsWithSnapshot } from '../pipeline/policy-snapshot.ts';
import { formatPolicyProblem } from '../policy/load.ts';
import { jsonChunks, jsonReport, jsonReportStream } from '../report/json.ts';
import { formatGithub, workflowCommand } from '../report/github.ts';
import { formatMarkdown } from '../report/markdown.ts';
import { sarifChunks } from '../report/sarif.ts';
import { textChunks, textReportStream } from '../report/text.ts';
import type { ReportSummary } from '../report/summary.ts';
import { toolOptionsFromEnv } from '../render/tool-paths.ts';
import { gatherBaseHead, type CheckOutcome, type Gathered } from './check-sources.ts';
import { gatherLocal, type ReportSink } from './gather-local.ts';
import { EXIT, type CommandIO } from './io.ts';
import { VERSION } from './version.ts';

export const CHECK_USAGE = `Usage: preadmit check [PATH...] [--policies DIR]... [--no-builtin] [--format text|json|sarif|github]
                      [--output FILE] [--sarif FILE] [--summary FILE] [--fix | --diff | --no-fixes]
                      [--base REF [--head REF]] [--no-render] [--values FILE]... [--set K=V]...

Evaluates the manifests under the paths (default .) against the built-in policies and
the policies in each --policies DIR (only policy documents are taken from it).
Directories are checked by their render roots: plain manifests, Kustomize overlays and
Helm charts as they render (--no-render reads every file as a plain manifest).
--base REF compares with a git revision: only the roots the change affects are rendered,
at both revisions (head: --head REF, or the working tree), and findings are new, existing
or fixed (text marks each and lists the fixed ones); only new blocking findings fail.
--format github prints GitHub Actions workflow commands (::error file=…,line=…::message),
one per finding, so a workflow step annotates the pull request. --sarif FILE also writes
the SARIF report to FILE, --summary FILE appends a Markdown summary to FILE (for
$GITHUB_STEP_SUMMARY), whatever the format.
--values FILE and --set K=V give every Helm chart checked more values (helm template
--values / --set), for charts that need values they do not default.
--fix writes the fixes of fixable findings into the files (comments and layout kept) and
checks again; --diff prints them as a unified diff instead. --no-fixes works out no fixes:
the same findings and exit status, sooner, for hooks and gates that need only the verdict
(no finding then has edits, and each is reported not fixable).
Exit status: 0 clean, 1 blocking (Enforce) findings, 2 usage or load errors.`;

/** The policies that ship with preadmit. */
export const BUILTIN_POLICIES = builtinPoliciesDir();

const FORMATS = new Set(['text', 'json', 'sarif', 'github']);

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** node:util's parser errors, said in a line a user can act on. */
function usageProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `${option.split(' ')[0]} needs a value`;
  return message;
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
      sarif: { type: 'string' },
      summary: { type: 'string' },
      color: { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      diff: { type: 'boolean', default: false },
      'no-fixes': { type: 'boolean', default: false },
      base: { type: 'string' },
      head: { type: 'string' },
      'no-render': { type: 'boolean', default: false },
      values: { type: 'string', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** A path as the person typed it: relative to where they stand when it lies below, else as it is. */
function shownPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
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
    io.stderr(`preadmit check: ${usageProblem(error)}\n\n${CHECK_USAGE}`);
    return EXIT.usage;
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout(CHECK_USAGE);
    return EXIT.ok;
  }
  if (!FORMATS.has(values.format)) {
    io.stderr(`preadmit check: --format must be text, json, sarif or github, not "${values.format}"`);
    return EXIT.usage;
  }
  if (values.fix && values.diff) {
    io.stderr('preadmit check: --fix and --diff exclude each other: --fix writes the fixes into the files, --diff only prints them; give one');
    return EXIT.usage;
  }
  if (values['no-fixes'] && (values.fix || values.diff)) {
    io.stderr(`preadmit check: --no-fixes works out no fixes, so there is nothing for ${values.fix ? '--fix' : '--diff'} to ${values.fix ? 'write' : 'print'}; drop one of them`);
    return EXIT.usage;
  }
  for (const [flag, file] of [['--output', values.output], ['--sarif', values.sarif], ['--summary', values.summary]] as const) {
    if (file === undefined) continue;
    const folder = dirname(resolve(io.cwd, file));
    if (!isDirectory(folder)) {
      io.stderr(`preadmit check: ${flag} ${file}: the folder ${folder} does not exist; create it first or write elsewhere`);
      return EXIT.usage;
    }
    if (isDirectory(resolve(io.cwd, file))) {
      io.stderr(`preadmit check: ${flag} ${file} is a folder; give the path of a file to write, such as ${join(file, flag === '--summary' ? 'summary.md' : flag === '--sarif' ? 'preadmit.sarif' : 'report.json')}`);
      return EXIT.usage;
    }
  }
  if (values.head !== undefined && values.base === undefined) {
    io.stderr('preadmit check: --head needs --base');
    return EXIT.usage;
  }
  const threads = poolSize(io.env ?? process.env);
  if (!threads.ok) {
    io.stderr(`preadmit check: ${threads.error}`);
    return EXIT.usage;
  }
  const policyDirs = [...(values['no-builtin'] ? [] : [BUILTIN_POLICIES]), ...values.policies.map((d) => resolve(io.cwd, d))];
  const policySet = await loadPolicyDirsWithSnapshot(policyDirs, BUILTIN_POLICIES, builtinPoliciesSnapshot());
  if (policySet.problems.length > 0) {
    for (const problem of policySet.problems) io.stderr(`preadmit check: policy ${formatPolicyProblem({ ...problem, file: shownPath(io.cwd, problem.file) })}`);
    return EXIT.usage;
  }
  if (policySet.policies.length === 0) {
    io.stderr('preadmit check: no policies loaded — give --policies DIR, or drop --no-builtin');
    return EXIT.usage;
  }
  // as at admission: a policy written for JSON documents never judges a Kubernetes resource — said, not left silent
  for (const policy of policySet.policies.filter((p) => p.cel?.jsonMode === true)) {
    const where = policy.meta.source ? ` (${shownPath(io.cwd, policy.meta.source.file)})` : '';
    io.stderr(`preadmit check: policy ${policy.meta.name}${where} is a ValidatingPolicy in evaluation.mode JSON: it judges JSON documents, not Kubernetes resources, so check does not apply it (preadmit test does, to a test's jsonPayloads)`);
  }
  const paths = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
  const badSet = values.set.find((a) => !/^[^=]+=/.test(a));
  if (badSet !== undefined) {
    io.stderr(`preadmit check: --set ${badSet}: expected key=value, such as --set image.tag=1.2.3`);
    return EXIT.usage;
  }
  const missingValues = values.values.find((f) => !existsSync(resolve(io.cwd, f)));
  if (missingValues !== undefined) {
    io.stderr(`preadmit check: --values ${missingValues}: no such file`);
    return EXIT.usage;
  }
  const render = { tools: toolOptionsFromEnv(io.env ?? process.env), ...(values.set.length > 0 ? { helmSet: values.set } : {}) };
  // Threads start only when a check has enough plain files or fixes to share out.
  const pool = createWorkerPool({ size: threads.value });
  // The JSON, text and github reports may be written as the findings come (a tree of plain files checked on the threads): nothing holds them all.
  const streaming = (values.format === 'json' || values.format === 'text' || values.format === 'github') && values.base === undefined && !values.fix && !values.diff && values.sarif === undefined && values.summary === undefined;
  const streamed = streaming ? streamedReport(values.format === 'json' ? 'json' : values.format === 'github' ? 'github' : 'text', values.output === undefined ? io.stdout : fileWriter(resolve(io.cwd, values.output)), { color: values.color, policies: policySet.policies.length }) : undefined;
  let gathered: Gathered;
  let plan: Awaited<ReturnType<typeof planFixes>>;
  try {
    gathered = values.base !== undefined
      ? await gatherBaseHead(paths, io.cwd, values.base, values.head, policySet, render, !values['no-fixes'])
      : await gatherLocal(paths, io.cwd, policySet, { render: !values['no-render'], fixes: !values['no-fixes'], renderOptions: render, valuesFiles: values.values.map((f) => resolve(io.cwd, f)), threads: { pool, policyDirs, plan: { files: values.fix || values.diff } }, ...(streamed ? { sink: streamed.sink } : {}) });
    plan = gathered.ok ? withPlanned(gathered.outcome.planned, await planFixes(gathered.outcome.fixes, gathered.outcome.baseDir, pool)) : { files: [], problems: [] };
  } finally {
    await pool.close();
  }
  if (!gathered.ok) {
    io.stderr(`preadmit check: ${gathered.message}`);
    return EXIT.usage;
  }
  const outcome = gathered.outcome;
  for (const warning of outcome.warnings ?? []) io.stderr(`preadmit check: ${warning}`);
  // Each finding carries why it has no edit (fixNote); the list is said only when fixes were asked for.
  if (values.fix || values.diff) for (const problem of plan.problems) io.stderr(`preadmit check: ${problem}`);
  const compared = values.base !== undefined;
  const verdict = outcome.streamed?.blocking === true || deciding(outcome, compared).some(outcome.blocks) ? EXIT.findings : EXIT.ok;
  if (streamed && outcome.streamed) {
    streamed.end(outcome);
    return verdict;
  }
  // Against a base only new findings fail the check, so only they are marked blocking.
  const blocks = compared ? (f: Finding): boolean => f.classification === 'new' && outcome.blocks(f) : outcome.blocks;
  if (values.diff) {
    io.stdout(plan.files.map((f) => unifiedDiff(f.file, f.before, f.after, f.edits)).join(''));
    return verdict;
  }
  if (values.fix) {
    for (const f of plan.files) await writeFile(resolve(outcome.baseDir, f.file), f.after);
    const written = new Set(plan.files.map((f) => f.file));
    const resources = outcome.fixes.filter((x) => written.has(x.file)).length + (outcome.planned?.fixedResources ?? 0);
    io.stderr(`preadmit check: fixed ${resources} resource(s) in ${plan.files.length} file(s); checking again`);
    return checkCommand(args.filter((a) => a !== '--fix'), io);
  }
  const options: ReportOptions = { color: values.color, policies: policySet.policies.length, blocks };
  const sarif = (): Generator<string> => batched(sarifChunks(outcome.findings, { toolVersion: VERSION }), 1 << 20);
  if (values.sarif !== undefined) await writeFile(resolve(io.cwd, values.sarif), sarif());
  if (values.summary !== undefined) await appendFile(resolve(io.cwd, values.summary), formatMarkdown(outcome.findings, { blocks, ...(outcome.fixed ? { fixed: outcome.fixed } : {}) }) + '\n');
  if (values.format === 'json' || values.format === 'sarif') {
    // written a piece at a time: the report of a large tree is longer than a string can be
    const chunks = values.format === 'sarif' ? sarif() : batched(jsonChunks(outcome.findings, jsonExtra(outcome)), 1 << 20);
    if (values.output) await writeFile(resolve(io.cwd, values.output), chunks);
    else for (const chunk of chunks) io.stdout(chunk);
    return verdict;
  }
  const report = values.format === 'text' ? batched(textReport(outcome, options), 1 << 20) : [formatGithub(outcome.findings, { blocks })];
  if (values.output) {
    await writeFile(resolve(io.cwd, values.output), withFinalNewline(report));
    return verdict;
  }
  for (const piece of report) if (piece !== '') io.stdout(piece);
  return verdict;
}

/** The pieces, the last one ending with a line break (a file's last line always does). */
function* withFinalNewline(pieces: Iterable<string>): Generator<string> {
  let last = '';
  for (const piece of pieces) {
    if (piece !== '') last = piece;
    yield piece;
  }
  if (!last.endsWith('\n')) yield '\n';
}

/** Where a streamed report goes: pieces of text, then `close` once it is all written. */
interface Writer {
  write: (text: string) => void;
  close?: () => void;
}

/** A file written as text comes, created at the first write. */
function fileWriter(path: string): Writer {
  let fd: number | undefined;
  return {
    write: (text) => void writeSync((fd ??= openSync(path, 'w')), text),
    close: () => closeSync(fd ?? openSync(path, 'w')),
  };
}

/**
 * The JSON, text or github report written as the check's sink receives findings (see
 * CheckOutcome.streamed), in pieces of about 1 MB, then ended: the JSON report with the keys
 * after the findings, the text report with its summary, the github report as it is (a file
 * written with no finding holds one empty line, as the report written whole).
 */
function streamedReport(format: 'json' | 'text' | 'github', out: ((text: string) => void) | Writer, options: { color: boolean; policies: number }): { sink: ReportSink; end: (outcome: CheckOutcome) => void } {
  const writer = typeof out === 'function' ? { write: out } : out;
  const { put, flush } = batching(writer.write, 1 << 20);
  const close = (): void => {
    flush();
    writer.close?.();
  };
  if (format === 'json') {
    const json = jsonReportStream(put);
    return { sink: (findings) => json.add(findings), end: (outcome) => (json.end(jsonExtra(outcome)), close()) };
  }
  if (format === 'github') {
    let written = false;
    const sink: ReportSink = (findings, blocks) => {
      for (const finding of findings) put(`${workflowCommand(finding, blocks(finding))}\n`);
      written ||= findings.length > 0;
    };
    return { sink, end: () => (typeof out !== 'function' && !written && put('\n'), close()) };
  }
  const text = textReportStream(put, { color: options.color });
  return { sink: (findings, blocks) => text.add(findings, blocks), end: (outcome) => (text.end(reportSummary(outcome, options.policies)), close()) };
}

/** The edits planned where the files were checked (the plain files, first, as they come first among the fixes), then the others'. */
function withPlanned(planned: PlannedFixes | undefined, rest: { files: FileFix[]; problems: string[] }): { files: FileFix[]; problems: string[] } {
  if (!planned) return rest;
  return { files: [...planned.files, ...rest.files], problems: [...planned.problems, ...rest.problems] };
}

/** Pieces of text put one by one, written joined into pieces of about `size` characters: a write per finding would cost more than the finding. */
function batching(write: (text: string) => void, size: number): { put: (piece: string) => void; flush: () => void } {
  let held: string[] = [];
  let length = 0;
  const flush = (): void => {
    if (held.length > 0) write(held.join(''));
    held = [];
    length = 0;
  };
  const put = (piece: string): void => {
    held.push(piece);
    length += piece.length;
    if (length >= size) flush();
  };
  return { put, flush };
}

/** batching for pieces that are read rather than put. */
function* batched(pieces: Iterable<string>, size: number): Generator<string> {
  const joined: string[] = [];
  const { put, flush } = batching((text) => joined.push(text), size);
  for (const piece of pieces) {
    put(piece);
    yield* joined.splice(0);
  }
  flush();
  yield* joined.splice(0);
}

interface ReportOptions {
  color: boolean;
  policies: number;
  blocks: (finding: Finding) => boolean;
}

/** The JSON report's keys after `findings`. */
function jsonExtra(outcome: CheckOutcome): Record<string, JsonValue> {
  const extra: Record<string, JsonValue> = {};
  if (outcome.roots) {
    extra['roots'] = outcome.roots.map((r) => ({
      path: r.path,
      renderer: r.renderer,
      ...(r.name !== undefined ? { name: r.name } : {}),
      ...(r.valuesFiles !== undefined ? { valuesFiles: r.valuesFiles } : {}),
      resources: r.resources,
      ...(r.error !== undefined ? { error: r.error } : {}),
      ...(r.omitted !== undefined ? { omitted: r.omitted } : {}),
    }));
  }
  if (outcome.fixed) extra['fixed'] = jsonReport(outcome.fixed)['findings'] ?? [];
  if (outcome.changes) extra['changes'] = outcome.changes.map((c) => ({ change: c.change, resource: c.resource, roots: c.roots, diff: c.diff }));
  return extra;
}

/** What the run looked at, under the text report's findings. */
function reportSummary(outcome: CheckOutcome, policies: number): ReportSummary {
  return { filesScanned: outcome.stats.files, resourcesEvaluated: outcome.stats.resources, policiesLoaded: policies, rulesEvaluated: outcome.stats.ruleEvaluations, toolVersion: VERSION };
}

/** The text report in pieces (see textChunks), with the comparison's counts after it against a base. */
function* textReport(outcome: CheckOutcome, { color, policies, blocks }: ReportOptions): Generator<string> {
  yield* textChunks(outcome.findings, reportSummary(outcome, policies), { color, blocks, ...(outcome.fixed ? { fixed: outcome.fixed } : {}) });
  if (!outcome.fixed) return;
  const count = (c: Finding['classification']): number => outcome.findings.filter((f) => f.classification === c).length;
  // the last line without its line break, as written at once (stdout and files end it)
  yield `\nAgainst the base: ${count('new')} new, ${count('existing')} existing, ${outcome.fixed.length} fixed.`;
}
