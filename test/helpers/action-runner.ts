/**
 * A small stand-in for the GitHub Actions runner, enough to run a composite action.yml's
 * `run:` steps on this machine: `${{ inputs.* }}`, `${{ steps.*.outputs.* }}` and
 * `${{ github.action_path }}` are substituted, each step runs as `bash --noprofile --norc -eo
 * pipefail` with its own $GITHUB_OUTPUT file, and `uses:` steps (setup-node) are recorded, not run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ActionInput {
  default?: string;
}

interface ActionStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  if?: string;
}

interface ActionFile {
  inputs?: Record<string, ActionInput>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRun {
  name: string;
  skipped?: 'uses';
  status: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface ActionRun {
  steps: StepRun[];
  /** The first failing step's status, else 0: what the job sees. */
  status: number;
  stdout: string;
}

/** `name=value` lines and `name<<DELIM` blocks, as GitHub reads $GITHUB_OUTPUT. */
export function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i] ?? '');
      out[heredoc[1]!] = body.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

function expression(expr: string, context: { inputs: Record<string, string>; steps: Map<string, Record<string, string>>; actionPath: string }): string {
  const e = expr.trim();
  if (e === 'github.action_path') return context.actionPath;
  const input = /^inputs\.([\w-]+)$/.exec(e);
  if (input) return context.inputs[input[1]!] ?? '';
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
  if (output) return context.steps.get(output[1]!)?.[output[2]!] ?? '';
  throw new Error(`the action runner stand-in does not evaluate \${{ ${e} }}`);
}

/** Run a composite action's steps with the given inputs and runner environment. */
export function runCompositeAction(actionPath: string, inputs: Record<string, string>, env: NodeJS.ProcessEnv, work: string): ActionRun {
  const action = parse(readFileSync(join(actionPath, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error(`expected a composite action, found ${action.runs.using}`);
  const resolvedInputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) resolvedInputs[name] = inputs[name] ?? spec.default ?? '';
  for (const name of Object.keys(inputs)) if (!(name in resolvedInputs)) throw new Error(`action.yml has no input ${name}`);
  const steps = new Map<string, Record<string, string>>();
  const runs: StepRun[] = [];
  let status = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.id ?? `step ${index + 1}`;
    if (step.if !== undefined) throw new Error(`the action runner stand-in does not evaluate if: on ${name}`);
    if (step.uses !== undefined) {
      runs.push({ name, skipped: 'uses', status: 0, stdout: '', stderr: '', outputs: {} });
      continue;
    }
    if (status !== 0) break;
    const context = { inputs: resolvedInputs, steps, actionPath };
    const stepEnv: NodeJS.ProcessEnv = { ...env };
    for (const [key, value] of Object.entries(step.env ?? {})) stepEnv[key] = String(value).replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => expression(e, context));
    if (/\$\{\{/.test(step.run ?? '')) throw new Error(`${name}: expressions in run: are not evaluated here; pass them through env:`);
    const outputFile = join(work, `output-${index}`);
    writeFileSync(outputFile, '');
    stepEnv['GITHUB_OUTPUT'] = outputFile;
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], { cwd: env['GITHUB_WORKSPACE'], env: stepEnv, encoding: 'utf8' });
    const outputs = readOutputs(readFileSync(outputFile, 'utf8'));
    if (step.id) steps.set(step.id, outputs);
    runs.push({ name, status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr, outputs });
    if ((result.status ?? 1) !== 0) status = result.status ?? 1;
  }
  return { steps: runs, status, stdout: runs.map((r) => r.stdout).join('') };
}
