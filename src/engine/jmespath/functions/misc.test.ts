import { describe, expect, it } from 'vitest';
import { failure, testJmespath, value } from '../test-support.ts';

describe('semver_compare', () => {
  it.each([
    ["semver_compare('1.2.3', '>1.0.0')", true],
    ["semver_compare('1.2.3', '>1.0.0 <1.2.0')", false],
    ["semver_compare('1.2.3', '<1.0.0 || >=1.2.3')", true],
    ["semver_compare('1.2.3', '!1.2.3')", false],
    ["semver_compare('1.2.3', '1.2.x')", true],
    ["semver_compare('1.3.0', '1.2.x')", false],
    ["semver_compare('1.0.0-alpha', '<1.0.0')", true],
    ["semver_compare('garbage', '<0.0.1')", true],
    ["semver_compare('4.1.3', '>=4.1.x')", true], ["semver_compare('4.1.3', '!4.x.x')", false],
    ["semver_compare('1.8.6', '>1.0.0 <2.0.0')", true], ["semver_compare('2.1.5', '<2.0.0 || >=3.0.0')", false],
  ])('%s', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });

  it('rejects a bad range', () => {
    expect(failure("semver_compare('1.0.0', 'foo')")).toContain('semver_compare');
  });
});

describe('image functions', () => {
  it.each([
    ["image_normalize('nginx')", 'docker.io/nginx:latest'],
    ["image_normalize('nginx:1.25')", 'docker.io/nginx:1.25'],
    ["image_normalize('library/nginx')", 'docker.io/library/nginx:latest'],
    ["image_normalize('ghcr.io/org/app:v1')", 'ghcr.io/org/app:v1'],
    ["image_normalize('localhost:5000/app')", 'localhost:5000/app:latest'],
    [`image_normalize('nginx@sha256:${'a'.repeat(64)}')`, `docker.io/nginx@sha256:${'a'.repeat(64)}`],
  ])('%s', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });

  it('rejects a bad reference', () => {
    expect(failure("image_normalize('Not An Image')")).toContain('image_normalize');
  });

  it('tells external URLs from internal ones', () => {
    expect(value("is_external_url('https://example.com/x')")).toBe(true);
    expect(value("is_external_url('http://10.0.0.1/x')")).toBe(false);
    expect(value("is_external_url('http://localhost:8080')")).toBe(false);
    expect(value("is_external_url('not a url')")).toBe(false);
  });
});

describe('random', () => {
  it('generates strings matching the pattern', () => {
    for (const r of [0, 0.3, 0.99]) {
      const jp = testJmespath(r);
      expect(value("random('[0-9a-z]{8}')", {}, jp)).toMatch(/^[0-9a-z]{8}$/);
      expect(value("random('(ab|cd)-[A-F]{2,4}\\d?')", {}, jp)).toMatch(/^(ab|cd)-[A-F]{2,4}\d?$/);
    }
  });

  it('is deterministic for a fixed random source', () => {
    expect(value("random('[a-z]{12}')", {}, testJmespath(0.5))).toBe(value("random('[a-z]{12}')", {}, testJmespath(0.5)));
  });

  it('rejects an empty or broken pattern', () => {
    expect(failure("random('')")).toContain('no pattern');
    expect(failure("random('[a-')")).toContain('random');
  });
});
