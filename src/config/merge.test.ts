import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './defaults.ts';
import { parseExtends } from './extends.ts';
import { loadConfig } from './load.ts';
import { mergeConfig, resolveConfig } from './merge.ts';
import type { ConfigInput } from './types.ts';

describe('mergeConfig', () => {
  const base: ConfigInput = {
    _extends: 'acme/root',
    severityThreshold: 'medium',
    layers: { security: { mode: 'enforce' }, developer: { mode: 'enforce' } },
    allowedRegistries: ['registry.acme.io/'],
    roots: { exclude: ['vendor/**'], charts: { 'charts/a': { valuesFiles: ['a.yaml'] } } },
  };

  it('merges mappings at every depth and replaces lists and scalars', () => {
    const merged = mergeConfig(base, {
      layers: { developer: { mode: 'audit' } },
      allowedRegistries: ['ghcr.io/acme/'],
      roots: { charts: { 'charts/b': { valuesFiles: ['b.yaml'] } } },
    });
    expect(merged).toEqual({
      severityThreshold: 'medium',
      layers: { security: { mode: 'enforce' }, developer: { mode: 'audit' } },
      allowedRegistries: ['ghcr.io/acme/'],
      roots: { exclude: ['vendor/**'], charts: { 'charts/a': { valuesFiles: ['a.yaml'] }, 'charts/b': { valuesFiles: ['b.yaml'] } } },
    });
  });

  it('does not modify its inputs', () => {
    const copy = structuredClone(base);
    const merged = mergeConfig(base, { severityThreshold: 'high' });
    merged.roots?.exclude?.push('more/**');
    expect(base).toEqual(copy);
  });
});

describe('resolveConfig', () => {
  it('is DEFAULT_CONFIG for an empty input, as a copy', () => {
    const resolved = resolveConfig({});
    expect(resolved).toEqual(DEFAULT_CONFIG);
    resolved.roots.include.push('x');
    expect(DEFAULT_CONFIG.roots.include).toEqual(['**']);
  });

  it('keeps defaults the input does not mention and drops _extends', () => {
    const resolved = resolveConfig({ _extends: 'acme/.github', fixes: { defaults: { cpuRequest: '250m' } } });
    expect(resolved.fixes.defaults).toEqual({ ...DEFAULT_CONFIG.fixes.defaults, cpuRequest: '250m' });
    expect(resolved.layers).toEqual(DEFAULT_CONFIG.layers);
    expect('_extends' in resolved).toBe(false);
  });
});

describe('loadConfig', () => {
  it('applies defaults, then the organisation base, then the repository file', () => {
    const loaded = loadConfig({ text: 'maxReviewComments: 5\n', base: { maxReviewComments: 50, failurePolicy: 'ignore' } });
    expect(loaded.ok && [loaded.config.maxReviewComments, loaded.config.failurePolicy, loaded.config.severityThreshold]).toEqual([5, 'ignore', 'low']);
  });

  it('uses the base alone when the repository has no file, and reports a bad file', () => {
    const loaded = loadConfig({ text: undefined, base: { failurePolicy: 'ignore' } });
    expect(loaded.ok && loaded.config.failurePolicy).toBe('ignore');
    expect(loadConfig({ text: 'layers: {qa: {mode: audit}}\n' })).toMatchObject({ ok: false, problems: [{ range: { start: { line: 1, column: 10 } } }] });
  });
});

describe('parseExtends', () => {
  it.each([
    ['.github', { owner: 'acme', repo: '.github', path: '.github/preadmit.yml' }],
    ['platform/defaults', { owner: 'platform', repo: 'defaults', path: '.github/preadmit.yml' }],
    ['platform/defaults:config/preadmit.yml', { owner: 'platform', repo: 'defaults', path: 'config/preadmit.yml' }],
  ])('reads %s', (value, target) => {
    expect(parseExtends(value, 'acme')).toEqual({ ok: true, value: target });
  });

  it('refuses what names no repository', () => {
    expect(parseExtends('a/b/c', 'acme').ok).toBe(false);
    expect(parseExtends('', 'acme').ok).toBe(false);
  });
});
