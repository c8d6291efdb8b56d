/**
 * Write a generated bench tree to disk: `count` resources in files of `perFile` documents
 * under `dir` (created afresh), spread over sub-directories of at most 1,000 files.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eachGeneratedFile } from './generate.ts';

export interface WrittenTree {
  dir: string;
  files: number;
  bytes: number;
}

export function writeGeneratedTree(dir: string, count: number, perFile: number, seed = 42): WrittenTree {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  let index = 0;
  const files = eachGeneratedFile(count, perFile, seed, (_file, text) => {
    const sub = join(dir, `d${String(Math.floor(index / 1000)).padStart(3, '0')}`);
    if (index % 1000 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `r${String(index).padStart(6, '0')}.yaml`), text);
    bytes += Buffer.byteLength(text);
    index++;
  });
  return { dir, files, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count, perFile] = process.argv.slice(2);
  if (!dir || !count) {
    console.error('usage: tsx bench/write-tree.ts DIR COUNT [PER_FILE]');
    process.exit(2);
  }
  const written = writeGeneratedTree(dir, Number(count), Number(perFile ?? '1'));
  console.log(JSON.stringify(written));
}
