import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.ts';
import { sampleFindings } from './sample-findings.ts';
import { artifactLocation, editReplacement, findingFix, findingRegion } from './sarif-location.ts';

describe('artifactLocation', () => {
  it('gives relative URIs with forward slashes against %SRCROOT%', () => {
    expect(artifactLocation('apps/web/deployment.yaml')).toEqual({ uri: 'apps/web/deployment.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('./apps\\web\\a.yaml')).toEqual({ uri: 'apps/web/a.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('percent-encodes each segment', () => {
    expect(artifactLocation('charts/my app/values#1?.yaml').uri).toBe('charts/my%20app/values%231%3F.yaml');
    expect(artifactLocation('ü/100%.yaml').uri).toBe('%C3%BC/100%25.yaml');
  });

  it('turns absolute paths into file URIs without a base', () => {
    expect(artifactLocation('/tmp/x y.yaml')).toEqual({ uri: 'file:///tmp/x%20y.yaml' });
    expect(artifactLocation('C:\\repo\\a.yaml')).toEqual({ uri: 'file:///C:/repo/a.yaml' });
  });
});

describe('findingRegion', () => {
  const [first] = sampleFindings();
  const at = (patch: Partial<Finding>): Finding => ({ ...first!, ...patch });

  it('copies a well-formed range', () => {
    expect(findingRegion(first!)).toEqual({ startLine: 21, startColumn: 13, endLine: 21, endColumn: 29 });
  });

  it('never starts before 1:1 nor ends before it starts', () => {
    expect(findingRegion(at({ line: 0, column: 0, endLine: 0, endColumn: 0 }))).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    expect(findingRegion(at({ line: 5, column: 9, endLine: 4, endColumn: 2 }))).toEqual({ startLine: 5, startColumn: 9, endLine: 5, endColumn: 9 });
    expect(findingRegion(at({ line: 5, column: 9, endLine: 7, endColumn: 2 }))).toEqual({ startLine: 5, startColumn: 9, endLine: 7, endColumn: 2 });
  });
});

describe('editReplacement', () => {
  it('replaces whole lines, up to the start of the next line', () => {
    expect(editReplacement({ file: 'a.yaml', startLine: 3, endLine: 4, lines: ['x: 1', 'y: 2'] })).toEqual({
      deletedRegion: { startLine: 3, startColumn: 1, endLine: 5, endColumn: 1 },
      insertedContent: { text: 'x: 1\ny: 2\n' },
    });
  });

  it('inserts with an empty region and deletes without content', () => {
    expect(editReplacement({ file: 'a.yaml', startLine: 6, endLine: 5, lines: ['z: 3'] })).toEqual({
      deletedRegion: { startLine: 6, startColumn: 1, endLine: 6, endColumn: 1 },
      insertedContent: { text: 'z: 3\n' },
    });
    expect(editReplacement({ file: 'a.yaml', startLine: 2, endLine: 2, lines: [] })).toEqual({
      deletedRegion: { startLine: 2, startColumn: 1, endLine: 3, endColumn: 1 },
    });
  });
});

describe('findingFix', () => {
  it('is undefined without edits', () => {
    expect(findingFix(sampleFindings()[1]!)).toBeUndefined();
    expect(findingFix({ ...sampleFindings()[1]!, edits: [] })).toBeUndefined();
  });

  it('groups edits by file (sorted) and orders replacements by line', () => {
    const finding: Finding = {
      ...sampleFindings()[0]!,
      edits: [
        { file: 'b.yaml', startLine: 9, endLine: 9, lines: ['b'] },
        { file: 'a.yaml', startLine: 7, endLine: 7, lines: ['a2'] },
        { file: 'a.yaml', startLine: 2, endLine: 2, lines: ['a1'] },
      ],
    };
    const fix = findingFix(finding);
    expect(fix?.description).toEqual({ text: 'Set securityContext.privileged to false.' });
    expect(fix?.artifactChanges.map((c) => [c.artifactLocation.uri, c.replacements.map((r) => r.insertedContent?.text)])).toEqual([
      ['a.yaml', ['a1\n', 'a2\n']],
      ['b.yaml', ['b\n']],
    ]);
  });
});
