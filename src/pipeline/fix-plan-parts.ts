import type { Finding, TextEdit } from '../core/finding.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import type { ResourceFix } from './check.ts';
import type { FileFix } from './fix-edits.ts';

/**
 * Fix planning split into parts that can be planned apart (in worker threads) and put back
 * together exactly as one planFileFixes call over all the fixes would have left them.
 * A part holds whole files, and every file whose fixes share a finding (a rendered resource
 * fixed in several source files) lies in one part. Findings travel as indexes.
 */

/** One document's fix as data: its findings by index into the part's findings. */
export interface PlainFix {
  file: string;
  documentIndex: number;
  patch: JsonPatchOperation[];
  findings: number[];
  own: [number, JsonPatchOperation[]][];
}

/** What planning decided for one finding. */
export interface PlannedFinding {
  fixable: boolean;
  edits?: TextEdit[];
  composedEdits?: TextEdit[];
  fixNote?: string;
}

export interface PlanPart {
  /** The fixes, in the order planFileFixes would see them. */
  fixes: PlainFix[];
  /** The fix fields of the findings the part refers to, as they are before planning. */
  findings: PlannedFinding[];
}

export interface PlannedPart {
  findings: PlannedFinding[];
  files: FileFix[];
  problems: string[];
}

/** The part's findings in the calling thread, in index order. */
export interface PartFindings {
  part: PlanPart;
  findings: Finding[];
}

/** Files joined by shared findings, then gathered into parts of about `size` fixes, in first-seen order. */
export function planParts(fixes: readonly ResourceFix[], size: number): PartFindings[] {
  // union-find over files: two files with a common finding go together
  const parent = new Map<string, string>();
  const find = (file: string): string => {
    let root = file;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(file, root);
    return root;
  };
  const fileOf = new Map<Finding, string>();
  for (const fix of fixes) {
    if (!parent.has(fix.file)) parent.set(fix.file, fix.file);
    for (const finding of [...fix.findings, ...fix.own.keys()]) {
      const seen = fileOf.get(finding);
      if (seen === undefined) fileOf.set(finding, fix.file);
      else if (find(seen) !== find(fix.file)) parent.set(find(fix.file), find(seen));
    }
  }
  // groups of whole components, in the order their first fix comes
  const byGroup = new Map<string, ResourceFix[]>();
  for (const fix of fixes) {
    const group = find(fix.file);
    const list = byGroup.get(group);
    if (list) list.push(fix);
    else byGroup.set(group, [fix]);
  }
  const parts: PartFindings[] = [];
  let current: ResourceFix[] = [];
  const close = (): void => {
    if (current.length > 0) parts.push(asPart(current));
    current = [];
  };
  for (const group of byGroup.values()) {
    for (const fix of group) current.push(fix);
    if (current.length >= size) close();
  }
  close();
  return parts;
}

function asPart(fixes: readonly ResourceFix[]): PartFindings {
  const findings: Finding[] = [];
  const indexOf = new Map<Finding, number>();
  const index = (finding: Finding): number => {
    let at = indexOf.get(finding);
    if (at === undefined) {
      at = findings.length;
      findings.push(finding);
      indexOf.set(finding, at);
    }
    return at;
  };
  const plain = fixes.map((fix): PlainFix => ({
    file: fix.file,
    documentIndex: fix.documentIndex,
    patch: fix.patch,
    findings: fix.findings.map(index),
    own: [...fix.own].map(([finding, ops]) => [index(finding), ops]),
  }));
  return { part: { fixes: plain, findings: findings.map(fixFields) }, findings };
}

function fixFields(finding: Finding): PlannedFinding {
  return {
    fixable: finding.fixable,
    ...(finding.edits ? { edits: finding.edits } : {}),
    ...(finding.composedEdits ? { composedEdits: finding.composedEdits } : {}),
    ...(finding.fixNote !== undefined ? { fixNote: finding.fixNote } : {}),
  };
}

/** Stand-ins for a part's findings (planning reads and sets only the fix fields), and the fixes over them. */
export function partFixes(part: PlanPart): { stand: PlannedFinding[]; fixes: ResourceFix[] } {
  const stand: PlannedFinding[] = part.findings.map((f) => ({ ...f }));
  const asFinding = (i: number): Finding => stand[i] as unknown as Finding;
  const fixes = part.fixes.map((fix): ResourceFix => ({
    file: fix.file,
    documentIndex: fix.documentIndex,
    patch: fix.patch,
    findings: fix.findings.map(asFinding),
    own: new Map(fix.own.map(([i, ops]) => [asFinding(i), ops])),
  }));
  return { stand, fixes };
}

/** Copy a part's planning onto the calling thread's findings. */
export function applyPlanned(findings: readonly Finding[], planned: readonly PlannedFinding[]): void {
  for (const [i, finding] of findings.entries()) {
    const result = planned[i];
    if (!result) continue;
    finding.fixable = result.fixable;
    for (const key of ['edits', 'composedEdits', 'fixNote'] as const) {
      if (result[key] === undefined) delete finding[key];
      else (finding as unknown as Record<string, unknown>)[key] = result[key];
    }
  }
}
