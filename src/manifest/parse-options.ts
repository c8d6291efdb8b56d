/** Limits that keep hostile files from exhausting time, memory or the stack. */
export interface ParseLimits {
  /** Largest file accepted, in UTF-8 bytes. Default 10 MiB. */
  maxBytes?: number;
  /** Deepest nesting of collections accepted. Default 256. */
  maxDepth?: number;
  /**
   * Most nodes aliases may expand to (the `yaml` package's `maxAliasCount`:
   * nodes under an anchor times the times it is used). Default 10,000.
   */
  maxAliasCount?: number;
}

export interface ResolvedLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliasCount: number;
}

export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 256,
  maxAliasCount: 10_000,
});

export function resolveLimits(options: ParseLimits | undefined): ResolvedLimits {
  return {
    maxBytes: positiveOr(options?.maxBytes, DEFAULT_LIMITS.maxBytes),
    maxDepth: positiveOr(options?.maxDepth, DEFAULT_LIMITS.maxDepth),
    maxAliasCount: positiveOr(options?.maxAliasCount, DEFAULT_LIMITS.maxAliasCount),
  };
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
