export { applyEdits } from './apply-edits.ts';
export { editsForFixes, editsForPatch, type DocumentFix } from './edits-for-patch.ts';
export { mergeEdits, type FixSource } from './merge-edits.ts';
export { rebasePatch } from './rebase-patch.ts';
export { unifiedDiff } from './unified-diff.ts';
