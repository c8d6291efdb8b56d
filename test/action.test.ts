/**
 * Issue 12: action.yml at the repository root, run as GitHub Actions would on a pull request
 * (a simulated pull_request event): `preadmit check --base <the PR's base>` annotates the
 * changed files, writes SARIF that the SARIF Multitool accepts with GitHub's rules, writes a
 * Markdown job summary, and fails on the blocking findings the change adds.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompositeAction, type ActionRun } from './helpers/action-runner.ts';
import { ROOT } from './helpers/packed.ts';
import { findMultitool, validate } from './helpers/sarif-multitool.ts';

const work = mkdtempSync(join(tmpdir(), 'preadmit-action-'));
const repo = join(work, 'repo');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const git = (...args: string[]): string => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();

function write(path: string, text: string): void {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), text);
}

const deployment = (name: string, extra: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme-shop/${name}:1.4.2
${extra}`;

let baseSha = '';
let headSha = '';

beforeAll(() => {
  mkdirSync(repo);
  write('apps/web/deployment.yaml', deployment('web', ''));
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  baseSha = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  // The pull request: a privileged container (Baseline: blocking) and a new Service of type LoadBalancer.
  write('apps/web/deployment.yaml', deployment('web', '          securityContext:\n            privileged: true\n'));
  write('apps/web/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  type: LoadBalancer\n  selector: { app: web }\n  ports: [{ port: 80 }]\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'change');
  headSha = git('rev-parse', 'HEAD');
});

function runnerEnv(name: string, event: unknown): { env: NodeJS.ProcessEnv; summary: string; dir: string } {
  const dir = join(work, name);
  mkdirSync(dir);
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: repo,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: headSha,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: dir,
  };
  return { env, summary, dir };
}

const pullRequest = (base: string) => ({ action: 'opened', number: 7, pull_request: { number: 7, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: headSha } } });

describe('action.yml on a pull request', () => {
  let run: ActionRun;
  let summary = '';
  let sarifPath = '';

  beforeAll(() => {
    const runner = runnerEnv('opened', pullRequest(baseSha));
    sarifPath = join(repo, 'preadmit.sarif');
    run = runCompositeAction(ROOT, {}, runner.env, runner.dir);
    summary = readFileSync(runner.summary, 'utf8');
  }, 120_000);

  it('runs preadmit check against the pull request base and fails on the blocking finding it adds', () => {
    const check = run.steps.find((s) => s.name === 'preadmit check');
    expect(check?.stderr).toBe('');
    expect(check?.outputs).toEqual({ sarif: 'preadmit.sarif', 'exit-code': '1' });
    expect(run.status).toBe(1);
    expect(run.steps.map((s) => `${s.name}:${s.skipped ?? s.status}`)).toEqual(['Set up Node.js:uses', 'Install preadmit:0', 'preadmit check:0', 'Verdict:1']);
    expect(run.stdout).toContain('::error title=preadmit::The change adds blocking findings');
  });

  it('annotates the changed lines with workflow commands, one per finding', () => {
    const commands = run.steps.find((s) => s.name === 'preadmit check')!.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands.length).toBeGreaterThan(2);
    const privileged = commands.find((c) => c.includes('pod-security-baseline/'));
    const line = readFileSync(join(repo, 'apps/web/deployment.yaml'), 'utf8').split('\n').indexOf('            privileged: true') + 1;
    expect(line).toBeGreaterThan(0);
    expect(privileged).toContain(`::error file=apps/web/deployment.yaml,line=${line},endLine=${line},`);
    expect(privileged).toMatch(/^::error file=apps\/web\/deployment\.yaml,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=preadmit pod-security-baseline\/[\w-]+ \(high%2C blocking%2C new\)::/);
    expect(commands.some((c) => /^::\w+ file=apps\/web\/service\.yaml,.*service-type-restricted/.test(c))).toBe(true);
  });

  it('writes a job summary naming the blocking finding', () => {
    expect(summary).toContain('## preadmit');
    expect(summary).toMatch(/⛔ \*\*1 blocking finding\*\*/);
    expect(summary).toMatch(/Against the base: \*\*\d+ new\*\*, \d+ existing, \d+ fixed\./);
    expect(summary).toMatch(/\| ⛔ blocking, new \| `apps\/web\/deployment\.yaml:\d+` \| pod-security-baseline\//);
  });

  const multitool = findMultitool();
  it.skipIf('skip' in multitool)('writes SARIF that the SARIF Multitool validates with the GitHub rules', () => {
    const log = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('apps/web/deployment.yaml');
    expect(uris.filter((u) => u.startsWith('..') || u.startsWith('/'))).toEqual([]);
    const result = validate('path' in multitool ? multitool.path : '', 'action', log);
    expect(result.succeeded, result.console).toBe(true);
    expect(result.issues.filter((i) => i.level === 'error')).toEqual([]);
  });
});

describe('action.yml on a pull request that adds nothing blocking', () => {
  it('passes, reporting the findings as annotations and in the summary', () => {
    // The base is the head itself: nothing is new.
    const runner = runnerEnv('clean', pullRequest(headSha));
    const run = runCompositeAction(ROOT, { sarif: 'out/report.sarif', paths: 'apps' }, runner.env, runner.dir);
    expect(run.steps.find((s) => s.name === 'preadmit check')?.outputs['exit-code']).toBe('2');
    expect(run.steps.find((s) => s.name === 'preadmit check')?.stderr).toContain('--sarif out/report.sarif: the folder');
    expect(run.status).toBe(1);
    mkdirSync(join(repo, 'out'));
    const again = runCompositeAction(ROOT, { sarif: 'out/report.sarif', paths: 'apps' }, runner.env, runner.dir);
    expect(again.steps.map((s) => `${s.name}:${s.skipped ?? s.status}`)).toEqual(['Set up Node.js:uses', 'Install preadmit:0', 'preadmit check:0', 'Verdict:0']);
    expect(readFileSync(runner.summary, 'utf8')).toContain('Against the base: **0 new**');
    expect(JSON.parse(readFileSync(join(repo, 'out', 'report.sarif'), 'utf8'))).toHaveProperty('version', '2.1.0');
  }, 120_000);
});
