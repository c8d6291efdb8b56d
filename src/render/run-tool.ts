import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunToolOptions {
  cwd: string;
  /** The whole environment of the child (nothing is inherited). */
  env: Record<string, string>;
  /** Default 60 s. */
  timeoutMs?: number;
  /** Limit on standard output; default 64 MiB. */
  maxOutputBytes?: number;
  /** Limit on the child's resident memory (checked every 50 ms); default 1 GiB. */
  maxMemoryBytes?: number;
  /** Aborted: the tool is not started, or its process group is killed (the check was stopped). */
  signal?: AbortSignal;
}

export type RunToolResult = { stdout: string } | { error: string };

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_MEMORY_BYTES = 1024 * 1024 * 1024;
const MEMORY_POLL_MS = 50;

/** Resident memory of a process (Linux /proc), or undefined where it cannot be read. */
function residentBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}
const MAX_STDERR_BYTES = 64 * 1024;

/**
 * Run a renderer without a shell, with a timeout and an output limit. The child
 * runs in its own process group, which is killed as a whole on timeout or when
 * the output limit is passed. A failure is a value with the tool's stderr.
 * Never throws.
 */
export function runTool(command: string, args: readonly string[], options: RunToolOptions): Promise<RunToolResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const maxMemory = options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  const name = command.split('/').pop() ?? command;
  if (options.signal?.aborted) return Promise.resolve({ error: `${name} was not started: the check was stopped` });
  return new Promise((resolve) => {
    let settled = false;
    let stopReason: string | undefined;
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stderr: Buffer[] = [];
    let stderrBytes = 0;
    let timer: NodeJS.Timeout | undefined;
    let memory: NodeJS.Timeout | undefined;
    const finish = (result: RunToolResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(memory);
      options.signal?.removeEventListener('abort', stopped);
      resolve(result);
    };
    const stopped = (): void => kill(`${name} was stopped: the check was stopped`);
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (error) {
      finish({ error: `could not start ${name}: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const kill = (reason: string): void => {
      if (stopReason !== undefined) return;
      stopReason = reason;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    timer = setTimeout(() => kill(`${name} did not finish within ${timeoutMs / 1000} s and was stopped`), timeoutMs);
    memory = setInterval(() => {
      const rss = child.pid === undefined ? undefined : residentBytes(child.pid);
      if (rss !== undefined && rss > maxMemory) kill(`${name} used more than ${Math.round(maxMemory / 1048576)} MiB of memory and was stopped`);
    }, MEMORY_POLL_MS);
    options.signal?.addEventListener('abort', stopped, { once: true });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxOutput) {
        kill(`${name} wrote more than ${maxOutput} bytes of output and was stopped`);
        return;
      }
      stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderrBytes < MAX_STDERR_BYTES) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.on('error', (error) => finish({ error: `could not run ${name}: ${error.message}` }));
    child.on('close', (code, signal) => {
      const errorText = Buffer.concat(stderr).toString('utf8').slice(0, MAX_STDERR_BYTES).trim();
      if (stopReason !== undefined) {
        finish({ error: stopReason + (errorText ? `\n${errorText}` : '') });
      } else if (code === 0) {
        finish({ stdout: Buffer.concat(stdout).toString('utf8') });
      } else {
        const status = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with code ${code}`;
        finish({ error: errorText || `${name} ${status}` });
      }
    });
  });
}
