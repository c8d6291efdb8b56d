import { describe, expect, it } from 'vitest';
import { invocationDir } from './io.ts';

describe('invocationDir', () => {
  const pkg = '/opt/preadmit';
  it('is INIT_CWD when npm runs a script of preadmit’s own package.json', () => {
    const env = { INIT_CWD: '/home/me/gitops', npm_package_json: `${pkg}/package.json`, npm_lifecycle_event: 'preadmit' };
    expect(invocationDir(env, pkg, pkg)).toBe('/home/me/gitops');
  });
  it('is the process directory for a user’s own npm script, npx, or a plain shell', () => {
    expect(invocationDir({ INIT_CWD: '/home/me', npm_package_json: '/home/me/package.json', npm_lifecycle_event: 'lint' }, '/home/me/sub', pkg)).toBe('/home/me/sub');
    expect(invocationDir({ INIT_CWD: '/home/me', npm_package_json: `${pkg}/package.json`, npm_lifecycle_event: 'x' }, '/elsewhere', pkg)).toBe('/elsewhere');
    expect(invocationDir({}, '/home/me/sub', pkg)).toBe('/home/me/sub');
  });
});
