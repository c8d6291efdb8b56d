import { builtinPoliciesDir, builtinPoliciesSnapshot } from '../core/package-files.ts';
import type { PolicySet } from '../pipeline/load-policy-dirs.ts';
import { loadPolicyDirsWithSnapshot } from '../pipeline/policy-snapshot.ts';

/**
 * Where a worker gets its policies: the policy folders the calling thread loaded (policies
 * are loaded again in each worker rather than cloned, so they may hold compiled programs).
 */
export interface PolicySource {
  dirs: string[];
}

export type PolicyCache = (source: PolicySource) => Promise<PolicySet>;

/** Load each distinct source once (a worker keeps its policies between tasks). */
export function policyCache(): PolicyCache {
  const loaded = new Map<string, Promise<PolicySet>>();
  return (source) => {
    const key = JSON.stringify(source.dirs);
    let set = loaded.get(key);
    if (!set) {
      // the built-in policies come from the build's snapshot when it is current, as in the CLI
      set = loadPolicyDirsWithSnapshot(source.dirs, builtinPoliciesDir(), builtinPoliciesSnapshot());
      loaded.set(key, set);
    }
    return set;
  };
}
