import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAll } from './append-all.ts';
import { maxOf, minOf } from './arrays.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('array helpers', () => {
  it('append, prepend and take extremes of more elements than fit on the stack', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => [].push(...(many as never[]))).toThrow(RangeError);
    const into = [-1];
    appendAll(into, many);
    expect(into).toHaveLength(500_001);
    expect(into[500_000]).toBe(499_999);
    expect(maxOf(many)).toBe(499_999);
    expect(minOf(many)).toBe(0);
    expect(maxOf([])).toBe(-Infinity);
    expect(minOf([3, NaN])).toBeNaN();
  });

  it('no source spreads an array into push, unshift, Math.max/min or fromCharCode', () => {
    const spread = /\.(push|unshift)\(\s*\.\.\.|Math\.(max|min)\(\s*\.\.\.|fromCharCode\(\s*\.\.\.|fromCodePoint\(\s*\.\.\./;
    const offenders: string[] = [];
    for (const dir of ['src', 'scripts', 'bench', 'bin']) {
      for (const file of sources(join(ROOT, dir))) {
        if (file.endsWith('.test.ts')) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const code = line.trim();
            if (code.startsWith('*') || code.startsWith('/*') || code.startsWith('//')) return;
            if (spread.test(line)) offenders.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });
});
