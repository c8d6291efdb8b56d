import { describe, expect, it } from 'vitest';
import { looksRemote } from './kustomization-file.ts';

describe('looksRemote', () => {
  it.each([
    'https://github.com/org/repo//deploy?ref=v1',
    'http://example.com/manifest.yaml',
    'git@github.com:org/repo.git',
    'ssh://git@github.com/org/repo',
    'github.com/org/repo/deploy?ref=main',
    'gitlab.example.com/team/repo/base',
  ])('treats %s as remote', (entry) => {
    expect(looksRemote(entry)).toBe(true);
  });

  it.each(['base', '../../base', 'deployment.yaml', './components/x', 'overlays/prod'])('treats %s as local', (entry) => {
    expect(looksRemote(entry)).toBe(false);
  });
});
