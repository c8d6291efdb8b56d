import { isObject, type JsonObject } from '../../core/json.ts';
import { groupAndVersion, type ResourceKey } from './stand-in.ts';

/** Who generated a resource: the policy (its namespace '' for a ClusterPolicy), the rule, the trigger. */
export interface Generator {
  policy: string;
  policyNamespace: string;
  rule: string;
  trigger: JsonObject;
}

/** The label Kyverno sets on every resource it generates. */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
/** Kyverno's bookkeeping labels on generated resources and clone sources start with this. */
export const GENERATE_LABEL_PREFIX = 'generate.kyverno.io/';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function labelsOf(resource: JsonObject): Record<string, string> {
  const metadata = isObject(resource['metadata']) ? resource['metadata'] : {};
  const labels = isObject(metadata['labels']) ? metadata['labels'] : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The labels Kyverno adds to a generated resource: managed by kyverno, which policy and rule, which trigger. */
function generateLabels(generator: Generator): Record<string, string> {
  const trigger = generator.trigger;
  const metadata = isObject(trigger['metadata']) ? trigger['metadata'] : {};
  const { group, version } = groupAndVersion(text(trigger['apiVersion']));
  return {
    [MANAGED_BY]: 'kyverno',
    [`${GENERATE_LABEL_PREFIX}policy-name`]: generator.policy,
    [`${GENERATE_LABEL_PREFIX}policy-namespace`]: generator.policyNamespace,
    [`${GENERATE_LABEL_PREFIX}rule-name`]: generator.rule,
    [`${GENERATE_LABEL_PREFIX}trigger-version`]: version,
    [`${GENERATE_LABEL_PREFIX}trigger-group`]: group,
    [`${GENERATE_LABEL_PREFIX}trigger-kind`]: text(trigger['kind']),
    [`${GENERATE_LABEL_PREFIX}trigger-namespace`]: text(metadata['namespace']),
    [`${GENERATE_LABEL_PREFIX}trigger-uid`]: text(metadata['uid']),
  };
}

/**
 * The resource a generate rule creates from its content (the substituted `data`, or a copy of
 * the clone source): named and placed as the target says (no namespace when the target has
 * none), its kind kept when the content has one, the target's apiVersion, and Kyverno's labels
 * on top of the content's own.
 */
export function generatedResource(content: JsonObject, target: ResourceKey, generator: Generator): JsonObject {
  const metadata: JsonObject = isObject(content['metadata']) ? { ...content['metadata'] } : {};
  metadata['name'] = target.name;
  if (target.namespace === '') delete metadata['namespace'];
  else metadata['namespace'] = target.namespace;
  metadata['labels'] = { ...labelsOf(content), ...generateLabels(generator) };
  const kind = text(content['kind']) !== '' ? text(content['kind']) : target.kind;
  return { ...content, apiVersion: target.apiVersion, kind, metadata };
}

/**
 * A resource as Kyverno's CLI compares generated resources: its `generate.kyverno.io/` labels
 * dropped and `app.kubernetes.io/managed-by: kyverno` added when it has no such label — on
 * both the generated resource and the expected one.
 */
export function withoutGenerateLabels(resource: JsonObject): JsonObject {
  const metadata = isObject(resource['metadata']) ? resource['metadata'] : {};
  const labels: JsonObject = { [MANAGED_BY]: 'kyverno' };
  const own = isObject(metadata['labels']) ? metadata['labels'] : {};
  for (const [k, v] of Object.entries(own)) if (!k.startsWith(GENERATE_LABEL_PREFIX)) labels[k] = v;
  return { ...resource, metadata: { ...metadata, labels } };
}
