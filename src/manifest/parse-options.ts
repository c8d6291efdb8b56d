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
  /**
   * Most lexical tokens (scalars, indicators, spaces, line breaks) in one
   * document; bounds the memory of its syntax tree. Default 1,000,000
   * (a realistic document has one token per 3 to 8 bytes).
   */
  maxTokensPerDocument?: number;
  /** Most documents read from one file. Default 100,000. */
  maxDocuments?: number;
}

export interface ResolvedLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliasCount: number;
  maxTokensPerDocument: number;
  maxDocuments: number;
}

export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 256,
  maxAliasCount: 10_000,
  maxTokensPerDocument: 1_000_000,
  maxDocuments: 100_000,
});

export function resolveLimits(options: ParseLimits | undefined): ResolvedLimits {
  return {
    maxBytes: positiveOr(options?.maxBytes, DEFAULT_LIMITS.maxBytes),
    maxDepth: positiveOr(options?.maxDepth, DEFAULT_LIMITS.maxDepth),
    maxAliasCount: positiveOr(options?.maxAliasCount, DEFAULT_LIMITS.maxAliasCount),
    maxTokensPerDocument: positiveOr(options?.maxTokensPerDocument, DEFAULT_LIMITS.maxTokensPerDocument),
    maxDocuments: positiveOr(options?.maxDocuments, DEFAULT_LIMITS.maxDocuments),
  };
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
