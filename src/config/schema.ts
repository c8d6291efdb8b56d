/** JSON Schema (draft-07) of `.github/preadmit.yml`. Every object is closed, so typos are reported. */

const nonEmpty = { type: 'string', minLength: 1 } as const;
const stringList = { type: 'array', items: nonEmpty } as const;
const repoRef = { type: 'string', pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$' } as const;
const quantity = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$' } as const;
const layer = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: { mode: { enum: ['enforce', 'audit'] } },
} as const;

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'preadmit repository configuration (.github/preadmit.yml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    _extends: {
      description: 'Organisation defaults: "repo" (same owner), "owner/repo" or "owner/repo:path/to/file.yml".',
      type: 'string',
      pattern: '^([A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+(:[^:]+)?$',
    },
    roots: {
      type: 'object',
      additionalProperties: false,
      properties: {
        include: stringList,
        exclude: stringList,
        charts: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['valuesFiles'],
            properties: { valuesFiles: stringList },
          },
        },
        named: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'path'],
            properties: {
              name: nonEmpty,
              path: nonEmpty,
              renderer: { enum: ['plain', 'kustomize', 'helm'] },
              valuesFiles: stringList,
            },
          },
        },
        kustomizeBases: { type: 'boolean' },
      },
    },
    policies: {
      type: 'object',
      additionalProperties: false,
      properties: {
        paths: stringList,
        builtin: { type: 'boolean' },
        organisation: repoRef,
      },
    },
    layers: {
      type: 'object',
      additionalProperties: false,
      properties: { security: layer, operations: layer, developer: layer },
    },
    severityThreshold: { enum: ['low', 'medium', 'high', 'critical'] },
    failurePolicy: { enum: ['fail', 'ignore'] },
    maxReviewComments: { type: 'integer', minimum: 0, maximum: 1000 },
    reviewComments: { type: 'boolean' },
    warningsConclusion: { enum: ['neutral', 'success'] },
    fixes: {
      type: 'object',
      additionalProperties: false,
      properties: {
        defaults: {
          type: 'object',
          additionalProperties: false,
          properties: { cpuRequest: quantity, memoryRequest: quantity, memoryLimit: quantity },
        },
        caBundle: {
          type: 'object',
          additionalProperties: false,
          required: ['configMap', 'key'],
          properties: { configMap: nonEmpty, key: nonEmpty },
        },
      },
    },
    kustomize: {
      description: 'Kustomize features, off by default: helmCharts (--enable-helm, vendored charts only) and loadRestrictorNone.',
      type: 'object',
      additionalProperties: false,
      properties: { helmCharts: { type: 'boolean' }, loadRestrictorNone: { type: 'boolean' } },
    },
    allowedRegistries: {
      description: 'Wildcard patterns matched against the whole normalised image (ghcr.io/acme/*); empty: the policy default list.',
      type: 'array',
      items: { type: 'string', minLength: 1, pattern: '[^/]$' },
    },
  },
} as const;
