import type { Splice } from './splice.ts';

/**
 * Runs of splices made on one parse of a document (see applyIndependent) whose edited text was
 * read back and found to be the patched resource.
 *
 * Reading back is the costliest part of planning a fix: a full parse of the edited text. A
 * document's composed fix holds its findings' own fixes, so each own fix's run is most often
 * made of some of the very splices of the composed fix's run, in the same order: those are
 * worked out on the original parse alone, touch parts of the document no other splice of the
 * run reads or writes, and do not overlap. The text of such a run is the verified text with
 * the other splices left out, i.e. with the original text back in their place, which read back
 * right as the original. So a run that is a subsequence of a verified run is taken as read
 * back; any other run is read back itself.
 */
export interface VerifiedRuns {
  /** Each verified run: its splices and their place in it. */
  runs: Map<Splice, number>[];
}

export function verifiedRuns(): VerifiedRuns {
  return { runs: [] };
}

/** Remember a run whose text read back right. */
export function recordVerified(verified: VerifiedRuns, splices: readonly Splice[]): void {
  verified.runs.push(new Map(splices.map((splice, i) => [splice, i])));
}

/** Whether the splices (the same objects, in the order applied) are a subsequence of one verified run. */
export function isVerified(verified: VerifiedRuns, splices: readonly Splice[]): boolean {
  return verified.runs.some((run) => {
    let last = -1;
    for (const splice of splices) {
      const at = run.get(splice);
      if (at === undefined || at <= last) return false;
      last = at;
    }
    return true;
  });
}
