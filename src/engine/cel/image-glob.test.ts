import { describe, expect, it } from 'vitest';
import { globToRegExp } from './image-glob.ts';

const matches = (glob: string, image: string): boolean => {
  const re = globToRegExp(glob);
  if (typeof re === 'string') throw new Error(re);
  return re.test(image);
};

describe('matchImageReferences globs', () => {
  it('lets * cross path separators and match the whole reference only', () => {
    expect(matches('ghcr.io/*', 'ghcr.io/org/app:1.0')).toBe(true);
    expect(matches('ghcr.io/*', 'docker.io/ghcr.io/app:1.0')).toBe(false);
    expect(matches('*:latest', 'docker.io/nginx:latest')).toBe(true);
    expect(matches('ghcr.io/org/app', 'ghcr.io/org/app:1.0')).toBe(false);
  });

  it('knows ?, classes, alternatives and escapes; dots are literal', () => {
    expect(matches('app:v?', 'app:v2')).toBe(true);
    expect(matches('app:v?', 'app:v10')).toBe(false);
    expect(matches('app:[0-9].*', 'app:1.2')).toBe(true);
    expect(matches('app:[!0-9]*', 'app:1.2')).toBe(false);
    expect(matches('{ghcr.io,quay.io}/org/*', 'quay.io/org/x')).toBe(true);
    expect(matches('ghcr.io/*', 'ghcrXio/a')).toBe(false);
    expect(matches('app\\*', 'app*')).toBe(true);
    expect(matches('app\\*', 'appx')).toBe(false);
  });

  it('reports a malformed glob', () => {
    expect(typeof globToRegExp('app[')).toBe('string');
    expect(typeof globToRegExp('{a,b')).toBe('string');
  });
});
