import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { FINGERPRINT_KEY, findingHash, partialFingerprints } from './sarif-fingerprint.ts';
import { sampleFindings } from './sample-findings.ts';

const [first] = sampleFindings();
const at = (patch: Partial<Finding>): Finding => ({ ...first!, ...patch });

describe('findingHash', () => {
  it('is a sha256 hex digest that ignores line, column, message and fix', () => {
    const hash = findingHash(first!);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(findingHash(at({ line: 99, column: 1, endLine: 99, endColumn: 5, message: 'other', fixable: false, edits: [] }))).toBe(hash);
    expect(findingHash(at({ file: './apps/web/deployment.yaml' }))).toBe(hash);
  });

  it('changes with policy, rule, file, resource and path', () => {
    const hash = findingHash(first!);
    const variants = [
      at({ policy: 'p' }),
      at({ rule: 'r' }),
      at({ file: 'apps/web/other.yaml' }),
      at({ resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web2', namespace: 'shop' } }),
      at({ resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } }),
      at({ path: '/spec' }),
    ];
    const hashes = variants.map(findingHash);
    expect(new Set([hash, ...hashes]).size).toBe(variants.length + 1);
  });
});

describe('partialFingerprints', () => {
  it('numbers repeated identities so each result stays distinct', () => {
    const prints = partialFingerprints([first!, at({ line: 40 }), sampleFindings()[1]!]);
    const hash = findingHash(first!);
    expect(prints[0]).toEqual({ [FINGERPRINT_KEY]: hash, primaryLocationLineHash: `${hash.slice(0, 16)}:1` });
    expect(prints[1]).toEqual({ [FINGERPRINT_KEY]: hash, primaryLocationLineHash: `${hash.slice(0, 16)}:2` });
    expect(prints[2]?.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:1$/);
  });
});
