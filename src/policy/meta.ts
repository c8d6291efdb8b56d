import { isObject, type JsonObject } from '../core/json.ts';
import { LAYERS, type FailureAction, type Layer, type PolicyMeta, type Severity } from '../engine/types.ts';

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export const LAYER_ANNOTATION = 'preadmit.dev/layer';

function annotations(policy: JsonObject): JsonObject {
  const metadata = isObject(policy['metadata']) ? policy['metadata'] : {};
  return isObject(metadata['annotations']) ? metadata['annotations'] : {};
}

function stringAt(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function isLayer(value: unknown): value is Layer {
  return typeof value === 'string' && (LAYERS as readonly string[]).includes(value);
}

/** Normalise Kyverno's action spellings (audit/enforce are accepted in any case). */
export function parseFailureAction(value: unknown): FailureAction | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  if (lower === 'enforce') return 'Enforce';
  if (lower === 'audit') return 'Audit';
  return undefined;
}

/**
 * The metadata every result of a policy carries: Kyverno's policies.kyverno.io
 * annotations, and the layer from `preadmit.dev/layer`, else the folder default.
 */
export function policyMeta(
  policy: JsonObject,
  defaultLayer: Layer,
  source?: { file: string; documentIndex: number },
): PolicyMeta {
  const metadata = isObject(policy['metadata']) ? policy['metadata'] : {};
  const notes = annotations(policy);
  const severityText = stringAt(notes, 'policies.kyverno.io/severity')?.toLowerCase();
  const layerText = stringAt(notes, LAYER_ANNOTATION);
  const meta: PolicyMeta = {
    name: typeof metadata['name'] === 'string' ? metadata['name'] : '',
    kind: typeof policy['kind'] === 'string' ? policy['kind'] : '',
    severity: SEVERITIES.find((s) => s === severityText) ?? 'medium',
    layer: isLayer(layerText) ? layerText : defaultLayer,
  };
  if (typeof metadata['namespace'] === 'string') meta.namespace = metadata['namespace'];
  const title = stringAt(notes, 'policies.kyverno.io/title');
  if (title) meta.title = title;
  const category = stringAt(notes, 'policies.kyverno.io/category');
  if (category) meta.category = category;
  const description = stringAt(notes, 'policies.kyverno.io/description');
  if (description) meta.description = description.replace(/\s+/g, ' ');
  if (source) meta.source = source;
  return meta;
}
