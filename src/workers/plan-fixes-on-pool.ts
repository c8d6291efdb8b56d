import { resolve } from 'node:path';
import { readText } from '../core/read-text.ts';
import type { ResourceFix } from '../pipeline/check.ts';
import { planFileFixes, type FileFix } from '../pipeline/fix-edits.ts';
import { applyPlanned, planParts } from '../pipeline/fix-plan-parts.ts';
import type { WorkerPool } from './pool.ts';

/** Fewer fixes than this are planned in the calling thread: starting threads would cost more. */
const PARALLEL_FROM = 200;

/**
 * planFileFixes for fixes whose files are read from `dir`, on the worker pool when there is
 * enough work: the fixes are split into parts of whole files (see fix-plan-parts.ts), planned
 * side by side, and put back in order — the findings, files and problems come out exactly as
 * one planFileFixes call gives them.
 */
export async function planFixes(fixes: readonly ResourceFix[], dir: string, pool: WorkerPool | undefined): Promise<{ files: FileFix[]; problems: string[] }> {
  if (pool === undefined || pool.size === 0 || fixes.length < PARALLEL_FROM) return planFileFixes(fixes, (file) => readText(resolve(dir, file)));
  const parts = planParts(fixes, Math.min(500, Math.max(25, Math.ceil(fixes.length / (pool.size * 8)))));
  const files: FileFix[] = [];
  const problems: string[] = [];
  await pool.each('plan-fixes', parts.map(({ part }) => ({ dir, part })), (planned, index) => {
    applyPlanned(parts[index]?.findings ?? [], planned.findings);
    for (const file of planned.files) files.push(file);
    for (const problem of planned.problems) problems.push(problem);
  });
  return { files, problems };
}
