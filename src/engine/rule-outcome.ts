import type { RuleStatus } from './types.ts';

/** What evaluating one rule body produced, before policy metadata is attached. */
export interface RuleOutcome {
  status: RuleStatus;
  message: string;
  paths: string[];
  /** The policy author's message, substituted where the failure happened (a foreach element's scope). */
  authored?: string;
}

export const outcome = (status: RuleStatus, message: string, paths: string[] = []): RuleOutcome => ({
  status,
  message,
  paths,
});
