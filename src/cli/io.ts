import { dirname, resolve } from 'node:path';

/** Where a command writes: injected so commands are testable without a process. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The directory the user ran the command in: paths on the command line resolve against it. */
  cwd: string;
  /** The environment (PREADMIT_KUSTOMIZE …); process.env when absent. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The directory the user ran preadmit in. npm runs a package's scripts in the package's own
 * directory and keeps the caller's in INIT_CWD, so `npm --prefix <checkout> run preadmit --
 * check .` checks the caller's `.`, not the checkout. Only a script of preadmit's own
 * package.json moves the directory; anywhere else (npx, a user's script that changed
 * directory) the process's directory is the user's.
 */
export function invocationDir(env: NodeJS.ProcessEnv, cwd: string, packageDir: string): string {
  const initCwd = env['INIT_CWD'];
  const manifest = env['npm_package_json'];
  if (!initCwd || !manifest || env['npm_lifecycle_event'] === undefined) return cwd;
  const scriptDir = resolve(dirname(manifest));
  return scriptDir === resolve(packageDir) && resolve(cwd) === scriptDir ? resolve(initCwd) : cwd;
}

export const processIO = (cwd: string = process.cwd()): CommandIO => ({
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  cwd,
});

/** Exit codes shared by every command: users' scripts depend on them. */
export const EXIT = {
  ok: 0,
  /** check: blocking findings; test: a mismatch. */
  findings: 1,
  /** usage or load errors. */
  usage: 2,
} as const;
