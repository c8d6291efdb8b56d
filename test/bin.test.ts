/** The `preadmit` command (package.json bin) runs the compiled CLI, or the sources when the build is missing or stale. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** A checkout copy whose dist/cli/entry.js prints a marker instead of running the CLI. */
function checkoutWithMarkedBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'preadmit-bin-'));
  for (const entry of ['package.json', 'bin', 'src', 'policies']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'cli', 'entry.js'), "process.stdout.write('compiled\\n');\n");
  return dir;
}

describe('bin/preadmit.js', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string; scripts: Record<string, string> };

  it('is the package bin, built by npm ci / npm pack (prepare), and prints the version', () => {
    expect(pkg.bin['preadmit']).toBe('bin/preadmit.js');
    expect(pkg.scripts['prepare']).toBe('npm run build');
    expect(pkg.scripts['start']).toBe('node dist/main.js');
    const out = execFileSync(process.execPath, [join(root, 'bin', 'preadmit.js'), 'version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(pkg.version);
  });

  it('runs dist/cli/entry.js when it is newer than the sources', () => {
    const dir = checkoutWithMarkedBuild();
    const old = new Date(Date.now() - 3600_000);
    for (const file of ['src/cli/entry.ts', 'src/cli/main.ts']) utimesSync(join(dir, file), old, old);
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'dist', 'cli', 'entry.js'), future, future);
    expect(execFileSync(process.execPath, [join(dir, 'bin', 'preadmit.js'), 'version'], { encoding: 'utf8' })).toBe('compiled\n');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the sources through tsx when a source file is newer than the build, or there is no build', () => {
    const dir = checkoutWithMarkedBuild();
    const past = new Date(Date.now() - 3600_000);
    utimesSync(join(dir, 'dist', 'cli', 'entry.js'), past, past);
    expect(execFileSync(process.execPath, [join(dir, 'bin', 'preadmit.js'), 'version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    rmSync(join(dir, 'dist'), { recursive: true });
    expect(execFileSync(process.execPath, [join(dir, 'bin', 'preadmit.js'), 'version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    rmSync(dir, { recursive: true, force: true });
  });
});
