/**
 * Microsoft's SARIF Multitool (`@microsoft/sarif-multitool`), as GitHub code scanning's
 * acceptance check: `validate --rule-kind "Gh;Sarif"` on a log, read back with effective levels.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The multitool's native binary for this platform, or why it cannot be used here. */
export function findMultitool(): { path: string } | { skip: string } {
  let path: string;
  try {
    path = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  } catch (error) {
    return { skip: `@microsoft/sarif-multitool has no binary for ${process.platform}: ${String(error)}` };
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { skip: `${path} is not executable` };
  }
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', env: multitoolEnv() });
  if (probe.status !== 0) return { skip: `${path} --version failed: ${probe.error?.message ?? probe.stderr}` };
  return { path };
}

function multitoolEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
}

export interface Issue {
  ruleId: string;
  level: string;
  text: string;
}

interface ValidatorLog {
  runs: {
    tool: { driver: { rules?: { id: string; defaultConfiguration?: { level?: string } }[] } };
    invocations?: { executionSuccessful: boolean }[];
    results?: { ruleId: string; ruleIndex?: number; level?: string; message: { id?: string; arguments?: string[] } }[];
  }[];
}

let workDir: string | undefined;
const work = (): string => (workDir ??= mkdtempSync(join(tmpdir(), 'preadmit-sarif-')));

/** Run `validate --rule-kind Gh;Sarif` on a log and read back what it reported, with effective levels. */
export function validate(tool: string, name: string, log: unknown): { issues: Issue[]; succeeded: boolean; console: string } {
  const input = join(work(), `${name}.sarif`);
  const output = join(work(), `${name}.validation.sarif`);
  writeFileSync(input, JSON.stringify(log, null, 2));
  const run = spawnSync(tool, ['validate', '--rule-kind', 'Gh;Sarif', '--output', output, input], {
    encoding: 'utf8',
    env: multitoolEnv(),
  });
  const report = JSON.parse(readFileSync(output, 'utf8')) as ValidatorLog;
  const [first] = report.runs;
  const rules = first?.tool.driver.rules ?? [];
  const issues = (first?.results ?? []).map((result) => {
    const rule = result.ruleIndex !== undefined ? rules[result.ruleIndex] : rules.find((r) => r.id === result.ruleId);
    return {
      ruleId: result.ruleId,
      level: result.level ?? rule?.defaultConfiguration?.level ?? 'warning',
      text: (result.message.arguments ?? []).join(' | '),
    };
  });
  const succeeded = first?.invocations?.every((i) => i.executionSuccessful) ?? false;
  return { issues, succeeded, console: `${run.stdout}${run.stderr}` };
}

