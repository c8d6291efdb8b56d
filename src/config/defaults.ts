import type { PreadmitConfig } from './types.ts';

/**
 * Every default, in one place. A repository's `.github/preadmit.yml` (merged over the
 * organisation's file named by `_extends`) overrides these key by key; arrays replace.
 *
 * - roots: every path, minus Kyverno test folders; charts rendered with the variants found
 *   beside them (values-<env>.yaml); kustomize bases are checked through their overlays.
 * - policies: the repository's `policies/` folder plus preadmit's built-in set.
 * - layers: security and operations enforce (fail the check), developer audits (warns).
 * - severityThreshold low: every enforced failure fails the check, as admission would.
 * - failurePolicy fail: what cannot be evaluated fails the check (Kyverno's default).
 * - the app posts up to 25 inline review comments a push; warnings alone make the check neutral.
 */
export const DEFAULT_CONFIG: PreadmitConfig = Object.freeze({
  roots: {
    include: ['**'],
    exclude: ['**/.kyverno-test/**', '.git/**'],
    charts: {},
    named: [],
    kustomizeBases: false,
  },
  policies: { paths: ['policies'], builtin: true },
  layers: {
    security: { mode: 'enforce' },
    operations: { mode: 'enforce' },
    developer: { mode: 'audit' },
  },
  severityThreshold: 'low',
  failurePolicy: 'fail',
  maxReviewComments: 25,
  reviewComments: true,
  warningsConclusion: 'neutral',
  fixes: {
    defaults: { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
  },
  allowedRegistries: [],
  kustomize: { helmCharts: false, loadRestrictorNone: false },
}) as PreadmitConfig;
