import type { JsonValue } from '../core/json.ts';
import type { PreadmitConfig } from './types.ts';

/**
 * The configuration settings the built-in policies read as variables (their context
 * entries look them up with jmesPath and fall back to a default): fix defaults, the CA
 * bundle and the allowed registries.
 */
export function configVariables(config: PreadmitConfig): Record<string, JsonValue> {
  const variables: Record<string, JsonValue> = {};
  const defaults = config.fixes.defaults as unknown as Record<string, JsonValue> | undefined;
  if (defaults && Object.keys(defaults).length > 0) variables['preadmit.fixDefaults'] = defaults;
  const caBundle = config.fixes.caBundle as unknown as Record<string, JsonValue> | undefined;
  if (caBundle && Object.keys(caBundle).length > 0) variables['preadmit.caBundle'] = caBundle;
  if (config.allowedRegistries.length > 0) variables['allowedRegistries'] = config.allowedRegistries;
  return variables;
}
