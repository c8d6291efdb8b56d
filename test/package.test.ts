/** The package as users get it: packed, installed, run as `preadmit` outside the checkout. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOutside, packAndInstall, ROOT, type PackedInstall } from './helpers/packed.ts';

interface JsonFinding {
  file: string;
  line: number;
  policy: string;
  rule: string;
}

const findingsOf = (stdout: string): string[] =>
  (JSON.parse(stdout) as { findings: JsonFinding[] }).findings.map((f) => `${f.file}:${f.line} ${f.policy}/${f.rule}`).sort();

describe('npm pack → npm install → preadmit', () => {
  let packed: PackedInstall;
  beforeAll(() => {
    packed = packAndInstall();
  }, 300_000);

  it('ships the compiled CLI, the app, the policies and no sources', () => {
    expect(packed.files).toContain('bin/preadmit.js');
    expect(packed.files).toContain('dist/cli/entry.js');
    expect(packed.files).toContain('dist/main.js');
    expect(packed.files).toContain('policies/security/pod-security-baseline/policy.yaml');
    expect(packed.files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('runs as `preadmit` from the installed package', () => {
    const pkg = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: ROOT, encoding: 'utf8' })) as { version: string };
    expect(execFileSync(packed.bin, ['version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
  });

  it('checks a repository outside the checkout like `npm --prefix <checkout> run preadmit` does, with paths relative to it', () => {
    const repo = copyOutside(join(ROOT, 'examples', 'demo-repo'), 'demo');
    const installed = spawnSync(packed.bin, ['check', '.', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
    expect(installed.stderr).toBe('');
    expect(installed.status).toBe(1);
    const fromCheckout = spawnSync('npm', ['--prefix', ROOT, 'run', '--silent', 'preadmit', '--', 'check', '.', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
    expect(fromCheckout.status).toBe(1);
    const found = findingsOf(installed.stdout);
    expect(found.length).toBeGreaterThan(5);
    expect(found.some((f) => f.startsWith('apps/web/deployment.yaml:'))).toBe(true);
    expect(found.filter((f) => f.startsWith('..') || f.startsWith('/'))).toEqual([]);
    expect(findingsOf(fromCheckout.stdout)).toEqual(found);
  });

  it('starts the GitHub App from the compiled dist/main.js (npm start, the Docker image)', async () => {
    const pkgDir = join(dirname(dirname(packed.bin)), 'preadmit');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const env = { PATH: process.env['PATH'] ?? '', APP_ID: '9', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: 's', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' as const };
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: pkgDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const m = /listening on (http:\/\/[^"\s]+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`dist/main.js exited with ${code}: ${out}`)));
      });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
