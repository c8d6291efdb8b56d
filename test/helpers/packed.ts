/**
 * preadmit as a user installs it: `npm pack` on a copy of the checkout without dist/ (so
 * the pack's `prepare` build is what produces it), then `npm install <tarball>` into an
 * empty project, from npm's cache where it can.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const PACKED = ['package.json', 'bin', 'src', 'scripts', 'policies', 'README.md', 'docs', 'app.yml', 'action.yml', 'tsconfig.json'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface PackedInstall {
  /** The tarball npm pack wrote. */
  tarball: string;
  /** Its file list. */
  files: string[];
  /** node_modules/.bin/preadmit of the project it was installed into. */
  bin: string;
}

export function packAndInstall(): PackedInstall {
  const work = mkdtempSync(join(tmpdir(), 'preadmit-pack-'));
  const stage = join(work, 'checkout');
  mkdirSync(stage);
  for (const entry of PACKED) if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { filename: string; files: { path: string }[] }[];
  const [info] = packed;
  if (!info) throw new Error('npm pack reported nothing');
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{"name":"preadmit-user","private":true}\n');
  execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(work, info.filename)], { cwd: project, stdio: 'pipe' });
  return { tarball: join(work, info.filename), files: info.files.map((f) => f.path), bin: join(project, 'node_modules', '.bin', 'preadmit') };
}

/** A copy of a fixture directory somewhere outside the checkout. */
export function copyOutside(dir: string, name = 'repo'): string {
  const target = join(mkdtempSync(join(tmpdir(), 'preadmit-copy-')), name);
  cpSync(dir, target, { recursive: true });
  return target;
}

export const listFiles = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' });
