/** Where a command writes: injected so commands are testable without a process. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export const processIO = (): CommandIO => ({
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  cwd: process.cwd(),
});

/** Exit codes shared by every command: users' scripts depend on them. */
export const EXIT = {
  ok: 0,
  /** check: blocking findings; test: a mismatch. */
  findings: 1,
  /** usage or load errors. */
  usage: 2,
} as const;
