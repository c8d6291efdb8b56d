/**
 * The shape of a classic Kyverno rule (kyverno.io/v1 ClusterPolicy / Policy), as JSON Schema:
 * the fields Kyverno's admission webhook accepts in `match`, `exclude`, `preconditions`,
 * `validate`, `mutate` and the rule itself. Written here from Kyverno's documentation; the
 * blocks preadmit does not evaluate (generate, verifyImages, manifests, CEL details) are
 * left open so that valid policies using them still load.
 *
 * Keywords of our own (see structure.ts): `conditionOperator` on a condition's operator,
 * `patternKeys: 'validate' | 'mutate'` on a pattern or a patch (its anchors must parse).
 */

const open = { type: 'object' } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

const labelSelector = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: strings,
        },
      },
    },
  },
} as const;

const subjects = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    properties: { kind: { type: 'string' }, apiGroup: { type: 'string' }, name: { type: 'string' }, namespace: { type: 'string' } },
  },
} as const;

const resourceDescription = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kinds: strings,
    name: { type: 'string' },
    names: strings,
    namespaces: strings,
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    selector: labelSelector,
    namespaceSelector: labelSelector,
    operations: { type: 'array', items: { type: 'string', enum: ['CREATE', 'CONNECT', 'UPDATE', 'DELETE'] } },
  },
} as const;

const userFields = { roles: strings, clusterRoles: strings, subjects } as const;

const resourceFilter = {
  type: 'object',
  additionalProperties: false,
  properties: { resources: resourceDescription, ...userFields },
} as const;

const matchResources = {
  type: 'object',
  additionalProperties: false,
  properties: {
    any: { type: 'array', items: resourceFilter },
    all: { type: 'array', items: resourceFilter },
    resources: resourceDescription,
    ...userFields,
  },
} as const;

const condition = {
  type: 'object',
  additionalProperties: false,
  properties: {
    key: {},
    operator: { type: 'string', conditionOperator: true },
    value: {},
    message: { type: 'string' },
  },
} as const;

/** A list of conditions (all must hold), or `{any: [...], all: [...]}`. */
const conditions = {
  type: ['array', 'object'],
  items: condition,
  additionalProperties: false,
  properties: { any: { type: 'array', items: condition }, all: { type: 'array', items: condition } },
} as const;

const contextEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string' },
    configMap: open,
    apiCall: open,
    imageRegistry: open,
    variable: open,
    globalReference: open,
  },
} as const;

const context = { type: 'array', items: contextEntry } as const;

const validatePattern = { patternKeys: 'validate' } as const;
const mutatePattern = { patternKeys: 'mutate' } as const;

const foreachValidation = {
  type: 'object',
  additionalProperties: false,
  properties: {
    list: { type: 'string' },
    elementScope: { type: 'boolean' },
    context,
    preconditions: conditions,
    pattern: validatePattern,
    anyPattern: { type: 'array', items: validatePattern },
    deny: { type: 'object', additionalProperties: false, properties: { conditions } },
    // nested foreach: the same shape again, checked when the schema recurses
    foreach: { type: 'array', items: { $ref: '#/$defs/foreachValidation' } },
  },
} as const;

const validation = {
  type: 'object',
  additionalProperties: false,
  properties: {
    message: { type: 'string' },
    failureAction: { type: 'string', enum: ['Audit', 'Enforce', 'audit', 'enforce'] },
    failureActionOverrides: { type: 'array' },
    allowExistingViolations: { type: 'boolean' },
    manifests: open,
    foreach: { type: 'array', items: { $ref: '#/$defs/foreachValidation' } },
    pattern: validatePattern,
    anyPattern: { type: 'array', items: validatePattern },
    deny: { type: 'object', additionalProperties: false, properties: { conditions } },
    podSecurity: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: { type: 'string', enum: ['privileged', 'baseline', 'restricted'] },
        version: { type: 'string' },
        exclude: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { controlName: { type: 'string' }, images: strings, restrictedField: { type: 'string' }, values: strings },
          },
        },
      },
    },
    cel: open,
    assert: open,
  },
} as const;

const foreachMutation = {
  type: 'object',
  additionalProperties: false,
  properties: {
    list: { type: 'string' },
    order: { type: 'string', enum: ['Ascending', 'Descending'] },
    context,
    preconditions: conditions,
    patchStrategicMerge: mutatePattern,
    patchesJson6902: { type: 'string' },
    foreach: { type: 'array', items: { $ref: '#/$defs/foreachMutation' } },
  },
} as const;

const mutation = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mutateExistingOnPolicyUpdate: { type: 'boolean' },
    targets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          name: { type: 'string' },
          namespace: { type: 'string' },
          uid: { type: 'string' },
          selector: labelSelector,
          context,
          preconditions: conditions,
        },
      },
    },
    patchStrategicMerge: mutatePattern,
    patchesJson6902: { type: 'string' },
    foreach: { type: 'array', items: { $ref: '#/$defs/foreachMutation' } },
  },
} as const;

/** One entry of `spec.rules`. */
export const RULE_SCHEMA = {
  $defs: { foreachValidation, foreachMutation },
  type: 'object',
  additionalProperties: false,
  required: ['match'],
  properties: {
    name: { type: 'string' },
    context,
    match: matchResources,
    exclude: matchResources,
    imageExtractors: open,
    preconditions: conditions,
    celPreconditions: { type: 'array' },
    validate: validation,
    mutate: mutation,
    generate: open,
    verifyImages: { type: 'array' },
    skipBackgroundRequests: { type: 'boolean' },
    reportProperties: open,
  },
} as const;

/** A classic policy's `spec` (its rules are checked one by one against RULE_SCHEMA). */
export const POLICY_SCHEMA = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        rules: { type: 'array' },
        admission: { type: 'boolean' },
        applyRules: { type: 'string', enum: ['All', 'One'] },
        background: { type: 'boolean' },
        emitWarning: { type: 'boolean' },
        failurePolicy: { type: 'string', enum: ['Ignore', 'Fail'] },
        generateExisting: { type: 'boolean' },
        generateExistingOnPolicyUpdate: { type: 'boolean' },
        mutateExistingOnPolicyUpdate: { type: 'boolean' },
        schemaValidation: { type: 'boolean' },
        useServerSideApply: { type: 'boolean' },
        validationFailureAction: { type: 'string', enum: ['Audit', 'Enforce', 'audit', 'enforce'] },
        validationFailureActionOverrides: { type: 'array' },
        webhookConfiguration: open,
        webhookTimeoutSeconds: { type: 'integer' },
      },
    },
  },
} as const;
