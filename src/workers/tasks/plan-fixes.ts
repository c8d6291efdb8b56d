import { resolve } from 'node:path';
import { readText } from '../../core/read-text.ts';
import { planFileFixes } from '../../pipeline/fix-edits.ts';
import { partFixes, type PlannedPart, type PlanPart } from '../../pipeline/fix-plan-parts.ts';
import { defineTask } from '../task.ts';

export interface PlanFixesInput {
  /** Directory the fixes' files are relative to (they are read from it). */
  dir: string;
  part: PlanPart;
  /** Texts of files already in memory, by path; other files are read from `dir`. */
  texts?: Record<string, string>;
}

/** Source edits for a part of a check's fixes (see fix-plan-parts.ts). */
export const task = defineTask<PlanFixesInput, PlannedPart>({
  run(input) {
    const { stand, fixes } = partFixes(input.part);
    const plan = planFileFixes(fixes, (file) => input.texts?.[file] ?? readText(resolve(input.dir, file)));
    return { findings: stand, files: plan.files, problems: plan.problems };
  },
  example: {
    dir: '/nonexistent-preadmit-example',
    texts: { 'app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web # the front end\n' },
    part: {
      findings: [{ fixable: true }],
      fixes: [{ file: 'app.yaml', documentIndex: 0, patch: [{ op: 'add', path: '/metadata/labels', value: { team: 'web' } }], findings: [0], own: [] }],
    },
  },
});
