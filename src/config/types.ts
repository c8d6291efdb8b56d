/** The repository configuration `.github/preadmit.yml`, after defaults are applied. */

export type LayerName = 'security' | 'operations' | 'developer';
export type LayerMode = 'enforce' | 'audit';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type FailurePolicy = 'fail' | 'ignore';
export type WarningsConclusion = 'neutral' | 'success';
export type RendererName = 'plain' | 'kustomize' | 'helm';

export interface ChartSettings {
  /** Values files (repository-relative) passed to `helm template -f`, in order, after the chart's values.yaml. */
  valuesFiles: string[];
}

export interface NamedRootSettings {
  name: string;
  /** Repository-relative directory (kustomize, helm, plain) or file (plain). */
  path: string;
  /** Guessed from the path when absent. */
  renderer?: RendererName;
  valuesFiles?: string[];
}

export interface RootsSettings {
  /** Globs (minimatch, dot files included) a root's path must match. */
  include: string[];
  /** Globs that remove a root (and keep its files from being roots). */
  exclude: string[];
  /** Per chart directory: render it with exactly these values files instead of the guessed variants. */
  charts: Record<string, ChartSettings>;
  /** Roots declared by hand; always kept. */
  named: NamedRootSettings[];
  /** Also check kustomize bases (kustomizations that other kustomizations include) on their own. */
  kustomizeBases: boolean;
}

export interface PoliciesSettings {
  /** Repository directories holding policies (never render roots themselves). */
  paths: string[];
  /** Evaluate preadmit's own policy set. */
  builtin: boolean;
  /** "owner/repo" whose policies apply too. */
  organisation?: string;
}

export interface LayerSettings {
  mode: LayerMode;
}

export interface FixDefaults {
  cpuRequest: string;
  memoryRequest: string;
  memoryLimit: string;
}

export interface CaBundleSettings {
  configMap: string;
  key: string;
}

export interface FixesSettings {
  defaults: FixDefaults;
  /** Where the organisation's CA bundle lives, for fixes that mount it; no default. */
  caBundle?: CaBundleSettings;
}

/** Kustomize features that are off by default (the renders stay offline and inside each root). */
export interface KustomizeSettings {
  /** Inflate `helmCharts:` (kustomize --enable-helm) from charts vendored under helmGlobals.chartHome; never fetched. */
  helmCharts: boolean;
  /** `--load-restrictor LoadRestrictionsNone`: let a kustomization read files outside its own directory (still inside the repository). */
  loadRestrictorNone: boolean;
}

export interface PreadmitConfig {
  roots: RootsSettings;
  policies: PoliciesSettings;
  layers: Record<LayerName, LayerSettings>;
  /** Failures below this severity never fail the check. */
  severityThreshold: Severity;
  /** What the check concludes when preadmit cannot evaluate something. */
  failurePolicy: FailurePolicy;
  /** At most this many inline review comments per push (the GitHub App). */
  maxReviewComments: number;
  /** Post inline review comments at all (the GitHub App). */
  reviewComments: boolean;
  /** The check run's conclusion when a change brings only non-blocking findings (the GitHub App). */
  warningsConclusion: WarningsConclusion;
  fixes: FixesSettings;
  /** Image registries allowed: wildcard patterns over the whole image; empty keeps the policy's default list. */
  allowedRegistries: string[];
  kustomize: KustomizeSettings;
}

/** Recursively optional, as written in a configuration file. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A configuration file's content once validated: every key optional, plus `_extends`. */
export type ConfigInput = DeepPartial<PreadmitConfig> & { _extends?: string };
