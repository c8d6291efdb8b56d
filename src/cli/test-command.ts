import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { discoverTestFiles } from '../kyverno-test/discover.ts';
import { formatTestJson, formatTestText, summarize } from '../kyverno-test/format.ts';
import { runTestFiles } from '../kyverno-test/run-all.ts';
import { EXIT, type CommandIO } from './io.ts';

export const TEST_USAGE = `Usage: preadmit test PATH... [--json] [--detailed-results] [--file-name kyverno-test.yaml]

Runs Kyverno CLI test suites (cli.kyverno.io/v1alpha1 kind: Test) found under the paths
and compares preadmit's results with the expected ones.
Exit status: 0 all results agree, 1 a result disagrees, 2 usage or load error.`;

export async function testCommand(args: string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'detailed-results': { type: 'boolean', default: false },
        'file-name': { type: 'string', default: 'kyverno-test.yaml' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr(`preadmit test: ${(error as Error).message}\n\n${TEST_USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(TEST_USAGE);
    return EXIT.ok;
  }
  const paths = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
  const { files, missing } = await discoverTestFiles(paths.map((p) => resolve(io.cwd, p)), parsed.values['file-name']);
  if (missing.length > 0) {
    io.stderr(`preadmit test: no such file or directory: ${missing.join(', ')}`);
    return EXIT.usage;
  }
  if (files.length === 0) {
    io.stderr(`preadmit test: no ${parsed.values['file-name']} found under ${paths.join(', ')}`);
    return EXIT.usage;
  }
  const runs = await runTestFiles(files);
  io.stdout(parsed.values.json ? formatTestJson(runs) : formatTestText(runs, { detailed: parsed.values['detailed-results'] }));
  const summary = summarize(runs);
  if (summary.mismatch > 0) return EXIT.findings;
  if (runs.some((r) => r.problems.length > 0 && r.cases.length === 0)) return EXIT.usage;
  return EXIT.ok;
}
