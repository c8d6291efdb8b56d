import type { Finding, TextEdit } from '../core/finding.ts';
import type { SarifArtifactLocation, SarifFix, SarifRegion, SarifReplacement } from './sarif-types.ts';

/** The uriBaseId results are relative to: the root of the repository that was checked. */
export const SRCROOT = '%SRCROOT%';

/**
 * Where a file is, as SARIF wants it: a relative URI with forward slashes, each segment
 * percent-encoded, against %SRCROOT%. Absolute paths become file:// URIs without a base.
 */
export function artifactLocation(file: string): SarifArtifactLocation {
  const slashed = file.replace(/\\/g, '/');
  const absolute = slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed);
  const segments = slashed
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)));
  if (absolute) return { uri: `file:///${segments.join('/')}` };
  return { uri: segments.join('/'), uriBaseId: SRCROOT };
}

/** A finding's region with 1-based lines and columns, never ending before it starts. */
export function findingRegion(finding: Finding): SarifRegion {
  const startLine = Math.max(1, Math.trunc(finding.line));
  const startColumn = Math.max(1, Math.trunc(finding.column));
  const endLine = Math.max(startLine, Math.trunc(finding.endLine));
  const endColumn =
    endLine === startLine ? Math.max(startColumn, Math.trunc(finding.endColumn)) : Math.max(1, Math.trunc(finding.endColumn));
  return { startLine, startColumn, endLine, endColumn };
}

/**
 * A line edit as a SARIF replacement. Whole lines are replaced: the deleted region runs from
 * the start of `startLine` to the start of the line after `endLine` (an empty region for a
 * pure insertion), and the inserted text is the new lines, each ending in a newline.
 */
export function editReplacement(edit: TextEdit): SarifReplacement {
  const startLine = Math.max(1, edit.startLine);
  const endLine = Math.max(startLine, edit.endLine + 1);
  const replacement: SarifReplacement = {
    deletedRegion: { startLine, startColumn: 1, endLine, endColumn: 1 },
  };
  if (edit.lines.length > 0) replacement.insertedContent = { text: edit.lines.map((line) => `${line}\n`).join('') };
  return replacement;
}

/** The finding's text edits as one SARIF fix (edits grouped by file), or undefined without edits. */
export function findingFix(finding: Finding): SarifFix | undefined {
  const edits = finding.edits ?? [];
  if (edits.length === 0) return undefined;
  const files = [...new Set(edits.map((edit) => edit.file))].sort();
  return {
    description: { text: finding.fix?.description ?? `Apply the fix for ${finding.policy}/${finding.rule}.` },
    artifactChanges: files.map((file) => ({
      artifactLocation: artifactLocation(file),
      replacements: edits
        .filter((edit) => edit.file === file)
        .sort((a, b) => a.startLine - b.startLine)
        .map(editReplacement),
    })),
  };
}
