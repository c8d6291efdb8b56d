import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { annotationLevel, escapeProperty, formatGithub, workflowCommand } from './github.ts';
import { sampleFindings } from './sample-findings.ts';

const base = (): Finding => sampleFindings()[0]!;

describe('--format github', () => {
  it('prints one workflow command per finding, with file, lines and title', () => {
    const findings = sampleFindings();
    const lines = formatGithub(findings).trimEnd().split('\n');
    expect(lines).toHaveLength(findings.length);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,endLine=\d+,(col=\d+,endColumn=\d+,)?title=[^:]+::\S/);
  });

  it('writes the privileged finding as an error on its line, escaping what the format reserves', () => {
    const line = workflowCommand({ ...base(), message: 'Bad: 100%\nsecond line' }, true);
    expect(line.startsWith('::error file=apps/web/deployment.yaml,line=21,endLine=21,col=13,endColumn=29,title=preadmit disallow-privileged-containers/privileged-containers (high%2C blocking)::')).toBe(true);
    expect(line).toContain('::Bad: 100%25%0Asecond line%0AResource: Deployment/shop/web at /spec/template/spec/containers/0/securityContext/privileged');
    expect(line).not.toContain('\n');
  });

  it('leaves columns out of a multi-line range', () => {
    const line = workflowCommand({ ...base(), line: 3, endLine: 9 }, false);
    expect(line).toContain('line=3,endLine=9,title=');
    expect(line).not.toContain('col=');
  });

  it('chooses the level by blocking and severity', () => {
    expect(annotationLevel({ ...base(), severity: 'low' }, true)).toBe('error');
    expect(annotationLevel({ ...base(), severity: 'high' }, false)).toBe('error');
    expect(annotationLevel({ ...base(), severity: 'medium' }, false)).toBe('warning');
    expect(annotationLevel({ ...base(), severity: 'low' }, false)).toBe('notice');
    expect(annotationLevel({ ...base(), severity: 'info' }, false)).toBe('notice');
  });

  it('follows the caller\'s blocking rule and names the classification', () => {
    const audit = { ...base(), severity: 'low' as const, action: 'Audit' as const, classification: 'new' as const };
    expect(formatGithub([audit], { blocks: () => true })).toMatch(/^::error .*title=preadmit .* \(low%2C blocking%2C new\)::/);
    expect(formatGithub([audit], { blocks: () => false })).toMatch(/^::notice .*\(low%2C new\)::/);
  });

  it('escapes commas and colons in properties', () => {
    expect(escapeProperty('a,b:c%d')).toBe('a%2Cb%3Ac%25d');
  });
});
