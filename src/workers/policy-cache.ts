import { loadPolicyDirs, type PolicySet } from '../pipeline/load-policy-dirs.ts';

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
      set = loadPolicyDirs(source.dirs);
      loaded.set(key, set);
    }
    return set;
  };
}
