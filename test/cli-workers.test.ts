/** Issue 15: the CLI's worker threads follow PREADMIT_WORKERS, and a bad value is a usage error. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../src/cli/check-command.ts';

const DEMO = resolve(import.meta.dirname, '../examples/demo-repo');

async function run(env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await checkCommand(['.', '--format', 'json'], { cwd: DEMO, env: { ...process.env, ...env }, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('PREADMIT_WORKERS in the CLI', () => {
  it('rejects a value that is not a whole number, saying what it must be (exit 2)', async () => {
    const { code, err } = await run({ PREADMIT_WORKERS: 'two' });
    expect(code).toBe(2);
    expect(err).toContain('PREADMIT_WORKERS must be a whole number');
  });

  it('gives the same report with no threads and with two', async () => {
    const none = await run({ PREADMIT_WORKERS: '0' });
    const two = await run({ PREADMIT_WORKERS: '2' });
    expect(none.code).toBe(1);
    expect(JSON.parse(two.out)).toEqual(JSON.parse(none.out));
  }, 120_000);
});
