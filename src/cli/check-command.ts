import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isBlocking } from '../core/finding.ts';
import { readManifestFiles } from '../manifest/read-files.ts';
import { checkParsedFiles } from '../pipeline/check.ts';
import { loadPolicyDirs } from '../pipeline/load-policy-dirs.ts';
import { relativizeFiles } from '../pipeline/relativize.ts';
import { planFileFixes } from '../pipeline/fix-edits.ts';
import { unifiedDiff } from '../fix/index.ts';
import { formatJson } from '../report/json.ts';
import { formatSarifText } from '../report/sarif.ts';
import { formatText } from '../report/text.ts';
import { EXIT, type CommandIO } from './io.ts';
import { VERSION } from './version.ts';

export const CHECK_USAGE = `Usage: preadmit check [PATH...] [--policies DIR]... [--no-builtin] [--format text|json|sarif] [--output FILE] [--fix | --diff]

Evaluates the manifests under the paths (default .) against the built-in policies and
the policies in each --policies DIR (only policy documents are taken from it).
--fix writes the fixes of fixable findings into the files (comments and layout kept) and
checks again; --diff prints them as a unified diff instead.
Exit status: 0 clean, 1 blocking (Enforce) findings, 2 usage or load errors.`;

/** The policies that ship with preadmit. */
export const BUILTIN_POLICIES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'policies');

const FORMATS = new Set(['text', 'json', 'sarif']);

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function checkCommand(args: string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
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
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
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
  const missing = paths.filter((p) => !existsSync(resolve(io.cwd, p)));
  if (missing.length > 0) {
    io.stderr(`preadmit check: no such file or directory: ${missing.join(', ')}`);
    return EXIT.usage;
  }
  const files = relativizeFiles(await readManifestFiles(paths.map((p) => resolve(io.cwd, p))), io.cwd);
  const result = checkParsedFiles(files, policySet.policies, policySet.exceptions);
  const plan = planFileFixes(result.fixes, (file) => readText(resolve(io.cwd, file)));
  for (const problem of plan.problems) io.stderr(`preadmit check: ${problem}`);
  if (values.diff) {
    io.stdout(plan.files.map((f) => unifiedDiff(f.file, f.before, f.after)).join(''));
    return result.findings.some(isBlocking) ? EXIT.findings : EXIT.ok;
  }
  if (values.fix) {
    for (const f of plan.files) await writeFile(resolve(io.cwd, f.file), f.after);
    io.stderr(`preadmit check: fixed ${plan.files.reduce((n, f) => n + result.fixes.filter((x) => x.file === f.file).length, 0)} resource(s) in ${plan.files.length} file(s); checking again`);
    return checkCommand(args.filter((a) => a !== '--fix'), io);
  }
  const report =
    values.format === 'json'
      ? formatJson(result.findings)
      : values.format === 'sarif'
        ? formatSarifText(result.findings, { toolVersion: VERSION })
        : formatText(
            result.findings,
            {
              filesScanned: result.stats.files,
              resourcesEvaluated: result.stats.resources,
              policiesLoaded: policySet.policies.length,
              rulesEvaluated: result.stats.ruleEvaluations,
              toolVersion: VERSION,
            },
            { color: values.color },
          );
  if (values.output) await writeFile(resolve(io.cwd, values.output), report.endsWith('\n') ? report : report + '\n');
  else io.stdout(report);
  return result.findings.some(isBlocking) ? EXIT.findings : EXIT.ok;
}
