/** The installed `preadmit` command (package.json bin) runs the TypeScript sources with no build step. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('bin/preadmit.js', () => {
  it('is the package bin and prints the version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    expect(pkg.bin['preadmit']).toBe('bin/preadmit.js');
    const out = execFileSync(process.execPath, [join(root, 'bin', 'preadmit.js'), 'version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(pkg.version);
  });
});
